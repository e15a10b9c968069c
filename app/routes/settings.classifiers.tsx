import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/cloudflare";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { systemQueues } from "../../worker/classifiers/catalog";
import { classifierSettingsPatchSchema, getClassifierSettings, updateClassifierSettings } from "../../worker/classifiers/llm/settings";
import { ServiceError } from "../../worker/errors";
import { Field, fieldClass, FormMessage, Panel, primaryButton } from "~/components/settings/ui";
import { TableHead } from "~/components/table";
import { formAction } from "~/lib/errors.server";
import type { FormFailure } from "~/lib/form";
import { db, requireUser } from "~/lib/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const settings = await getClassifierSettings(db(context), context.cloudflare.env, user);
  const methods = Object.fromEntries(systemQueues.map((q) => [q.key, { name: q.name, method: q.method }]));
  return { settings, methods };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await request.formData();
  const number = (name: string) => {
    const text = String(form.get(name) ?? "").trim();
    return text === "" ? undefined : Number(text);
  };
  return formAction(async () => {
    const patch = classifierSettingsPatchSchema.safeParse({ llmSamplingPercent: number("llmSamplingPercent"), dailyBudgetUsd: number("dailyBudgetUsd") });
    if (!patch.success) throw ServiceError.fromZod(patch.error, "settings");
    await updateClassifierSettings(db(context), context.cloudflare.env, user, patch.data);
    return { ok: true as const };
  });
}

const usd = (n: number) => `$${n.toFixed(n < 1 ? 4 : 2)}`;

export default function ClassifierSettings() {
  const { settings, methods } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<FormFailure | { ok: true }>();
  const failure = fetcher.data && "error" in fetcher.data ? fetcher.data : undefined;
  const spentPercent = settings.dailyBudgetUsd > 0 ? Math.min(100, (settings.today.spentUsd / settings.dailyBudgetUsd) * 100) : 100;
  const rules = systemQueues.filter((q) => q.method === "rules");
  return (
    <>
      <Panel title="LLM classifiers" description="Jailbreaking, Refusal, Frustration, Forgetting, Laziness and Inappropriate Content (and Trashing's borderline cases) run on a sampled share of completed traces, within a daily budget.">
        <dl className="mb-4 grid gap-3 text-sm sm:grid-cols-3">
          <div className="rounded border border-slate-200 p-3" data-testid="classifier-provider">
            <dt className="text-xs uppercase text-slate-600">Deciding now</dt>
            <dd className="mt-1 font-medium">
              {settings.provider === "workers-ai" ? "Workers AI" : "Heuristic fallback"}
              {settings.provider !== "workers-ai" && <p className="text-xs font-normal text-amber-800">No Workers AI binding here: keyword heuristics decide, and their results are labelled as such.</p>}
            </dd>
          </div>
          <div className="rounded border border-slate-200 p-3" data-testid="classifier-state">
            <dt className="text-xs uppercase text-slate-600">Classification</dt>
            <dd className="mt-1 font-medium">
              {settings.paused ? <span className="text-red-700">Paused: today's budget is spent</span> : <span className="text-emerald-700">Running</span>}
              {settings.paused && <p className="text-xs font-normal text-slate-600">Resumes at 00:00 UTC, or now if you raise the budget.</p>}
            </dd>
          </div>
          <div className="rounded border border-slate-200 p-3">
            <dt className="text-xs uppercase text-slate-600">Spent today ({settings.today.day}, UTC)</dt>
            <dd className="mt-1">
              <span className="font-medium tabular-nums">{usd(settings.today.spentUsd)}</span> of {usd(settings.dailyBudgetUsd)} · {settings.today.calls} calls
              <div className="mt-1 h-1.5 overflow-hidden rounded bg-slate-200" role="progressbar" aria-label="Budget used" aria-valuenow={Math.round(spentPercent)} aria-valuemin={0} aria-valuemax={100}>
                <div className={`h-full ${settings.paused ? "bg-red-500" : "bg-indigo-500"}`} style={{ width: `${spentPercent}%` }} />
              </div>
            </dd>
          </div>
        </dl>
        <fetcher.Form method="post" className="flex flex-wrap items-end gap-3" noValidate>
          <Field label="Share of traces classified (%)" name="llmSamplingPercent" error={failure?.fields.llmSamplingPercent}>
            {(p) => <input {...p} name="llmSamplingPercent" inputMode="decimal" defaultValue={settings.llmSamplingPercent} key={settings.llmSamplingPercent} className={`${fieldClass} w-28`} />}
          </Field>
          <Field label="Daily budget (USD)" name="dailyBudgetUsd" error={failure?.fields.dailyBudgetUsd}>
            {(p) => <input {...p} name="dailyBudgetUsd" inputMode="decimal" defaultValue={settings.dailyBudgetUsd} key={settings.dailyBudgetUsd} className={`${fieldClass} w-28`} />}
          </Field>
          <button type="submit" className={primaryButton} disabled={fetcher.state !== "idle"}>Save</button>
          <FormMessage error={failure?.error} success={fetcher.data && "ok" in fetcher.data ? "Saved." : undefined} />
        </fetcher.Form>
      </Panel>
      <Panel title="Per category" description="Models, thresholds and prompt version each category runs with; results record this version.">
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <TableHead columns={["Category", "First pass", "Second pass", { label: "Thresholds", className: "text-right" }, "Version"]} />
            <tbody>
              {settings.classifiers.map((c) => (
                <tr key={c.classifier} className="border-t border-slate-100" data-testid="classifier-row">
                  <td className="px-3 py-1.5 font-medium">{methods[c.classifier]?.name ?? c.classifier}</td>
                  <td className="px-3 py-1.5 font-mono text-xs">{c.config.firstPassModel}</td>
                  <td className="px-3 py-1.5 font-mono text-xs">{c.config.secondPassModel}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{c.config.threshold} / {c.config.confirmThreshold}</td>
                  <td className="px-3 py-1.5 text-slate-600">{c.version}{c.source === "project" && " (project)"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
      <Panel title="Deterministic classifiers" description="Rules, no LLM: they run on every completed trace at no cost.">
        <ul className="list-disc pl-5 text-sm">{rules.map((q) => <li key={q.key}>{q.name}</li>)}</ul>
      </Panel>
    </>
  );
}
