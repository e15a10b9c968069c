import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/cloudflare";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useState, type FormEvent } from "react";
import { createScoreConfig } from "../../worker/annotations/score-configs";
import { listScoreConfigs } from "../../worker/annotations/service";
import { scoreTypes, type ScoreType } from "../../worker/db/schema";
import { ServiceError } from "../../worker/errors";
import { ListInput } from "~/components/filters/list-input";
import { Field, fieldClass, FormMessage, Panel, primaryButton } from "~/components/settings/ui";
import { TableHead } from "~/components/table";
import { formAction } from "~/lib/errors.server";
import type { FormFailure } from "~/lib/form";
import { db, requireUser } from "~/lib/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return { configs: await listScoreConfigs(db(context), user) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  return formAction(async () => {
    if (!request.headers.get("Content-Type")?.includes("application/json")) throw new ServiceError("unsupported_media_type", "send the score config as JSON");
    const config = await createScoreConfig(db(context), user, await request.json());
    return { ok: true as const, name: config.name };
  });
}

const typeHelp: Record<ScoreType, string> = {
  boolean: "Pass or fail",
  categorical: "One of a few options",
  numeric: "A number in a range",
};

function details(config: { type: ScoreType; categories: string[] | null; minValue: number | null; maxValue: number | null }): string {
  if (config.type === "categorical") return (config.categories ?? []).join(" · ");
  if (config.type === "numeric") return `${config.minValue ?? "−∞"} to ${config.maxValue ?? "∞"}`;
  return "pass / fail";
}

export default function ScoreConfigs() {
  const { configs } = useLoaderData<typeof loader>();
  return (
    <>
      <Panel title="Score configs" description="What reviewers score in an annotation. System queues come with a pass/fail config per classifier.">
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <TableHead columns={["Name", "Type", "Values", "Description"]} />
            <tbody>
              {configs.map((c) => (
                <tr key={c.id} className="border-t border-slate-100 align-top" data-testid="score-config-row">
                  <td className="px-3 py-2 font-medium">{c.name}</td>
                  <td className="px-3 py-2">{c.type}</td>
                  <td className="px-3 py-2 text-slate-600">{details(c)}</td>
                  <td className="max-w-md px-3 py-2 text-slate-600">{c.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
      <CreateScoreConfig />
    </>
  );
}

type Result = FormFailure | { ok: true; name: string };

const blank = { name: "", description: "", type: "boolean" as ScoreType, categories: [] as string[], minValue: "0", maxValue: "1" };

function CreateScoreConfig() {
  const fetcher = useFetcher<Result>();
  const [form, setForm] = useState(blank);
  const result = fetcher.data;
  const failure = result && "error" in result ? result : undefined;
  useEffect(() => {
    if (fetcher.state === "idle" && result && "ok" in result) setForm(blank);
  }, [fetcher.state, result]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const base = { name: form.name, description: form.description };
    // Blank bounds go to the server as null, so it says "must be a number" beside the box.
    const bound = (text: string) => (text.trim() === "" ? null : Number(text));
    if (form.type === "categorical") fetcher.submit({ ...base, type: "categorical", categories: form.categories }, { method: "post", encType: "application/json" });
    else if (form.type === "numeric") fetcher.submit({ ...base, type: "numeric", minValue: bound(form.minValue), maxValue: bound(form.maxValue) }, { method: "post", encType: "application/json" });
    else fetcher.submit({ ...base, type: "boolean" }, { method: "post", encType: "application/json" });
  };
  return (
    <Panel title="Create a score config">
      <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2" noValidate>
        <Field label="Score name" name="score-name" error={failure?.fields.name}>
          {(p) => <input {...p} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} placeholder="Helpfulness" className={fieldClass} />}
        </Field>
        <fieldset className="flex flex-col gap-1 text-sm">
          <legend className="mb-1">Type</legend>
          <div className="flex flex-wrap gap-3">
            {scoreTypes.map((t) => (
              <label key={t} className="flex items-center gap-1">
                <input type="radio" name="type" value={t} checked={form.type === t} onChange={() => setForm({ ...form, type: t })} />
                {t} <span className="text-xs text-slate-500">({typeHelp[t]})</span>
              </label>
            ))}
          </div>
        </fieldset>
        {form.type === "categorical" && (
          <div className="flex flex-col gap-1 text-sm sm:col-span-2">
            <span id="options-label">Options</span>
            <ListInput label="Options" values={form.categories} onChange={(categories) => setForm({ ...form, categories })}
              describedBy={failure?.fields.categories ? "options-error" : undefined} />
            {failure?.fields.categories && <span id="options-error" className="text-xs text-red-700">{failure.fields.categories}</span>}
          </div>
        )}
        {form.type === "numeric" && (
          <>
            <Field label="Minimum" name="minValue" error={failure?.fields.minValue}>
              {(p) => <input {...p} inputMode="decimal" value={form.minValue} onChange={(e) => setForm({ ...form, minValue: e.target.value })} className={fieldClass} />}
            </Field>
            <Field label="Maximum" name="maxValue" error={failure?.fields.maxValue}>
              {(p) => <input {...p} inputMode="decimal" value={form.maxValue} onChange={(e) => setForm({ ...form, maxValue: e.target.value })} className={fieldClass} />}
            </Field>
          </>
        )}
        <div className="sm:col-span-2">
          <Field label="Description" name="description" error={failure?.fields.description}>
            {(p) => <input {...p} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} placeholder="What a reviewer should judge" className={`${fieldClass} w-full`} />}
          </Field>
        </div>
        <div className="flex items-center gap-3 sm:col-span-2">
          <button type="submit" className={primaryButton} disabled={fetcher.state !== "idle"}>Create score config</button>
          <FormMessage error={failure?.error} success={result && "ok" in result ? `Created ${result.name}.` : undefined} />
        </div>
      </form>
    </Panel>
  );
}
