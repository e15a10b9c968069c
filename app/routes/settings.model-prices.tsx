import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/cloudflare";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { ServiceError } from "../../worker/errors";
import { listModelPrices, modelPriceSchema, resetModelPrice, setModelPrice } from "../../worker/traces/prices";
import { Field, fieldClass, FormMessage, Panel, primaryButton } from "~/components/settings/ui";
import { TableHead } from "~/components/table";
import { formAction } from "~/lib/errors.server";
import type { FormFailure } from "~/lib/form";
import { db, requireUser } from "~/lib/session.server";
import { useCreateForm } from "~/lib/use-create-form";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return { prices: await listModelPrices(db(context), user) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? "");
  return formAction(async () => {
    if (text("intent") === "reset") {
      await resetModelPrice(db(context), user, text("model"));
      return { ok: true as const, message: `${text("model")} is back to the built-in price.` };
    }
    const number = (name: string) => (text(name).trim() === "" ? undefined : Number(text(name)));
    const price = modelPriceSchema.safeParse({ inputPerMillion: number("inputPerMillion"), outputPerMillion: number("outputPerMillion") });
    if (!price.success) throw ServiceError.fromZod(price.error, "price");
    if (!text("model").trim()) throw new ServiceError("bad_request", "model is required", { issues: [{ path: "model", message: "model is required" }] });
    const saved = await setModelPrice(db(context), user, text("model"), price.data);
    return { ok: true as const, message: `Saved the price of ${saved.model}.` };
  });
}

type Result = FormFailure | { ok: true; message: string };

export default function ModelPrices() {
  const { prices } = useLoaderData<typeof loader>();
  return (
    <>
      <SetPrice models={prices.map((p) => p.model)} />
      <Panel title="Model prices" description="USD per million tokens, used to price traces that arrive without a cost. Project prices override the built-in ones for traces settled from now on.">
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <TableHead columns={["Model", { label: "Input / M", className: "text-right" }, { label: "Output / M", className: "text-right" }, "Source", { label: <span className="sr-only">Actions</span> }]} />
            <tbody>
              {prices.map((p) => (
                <tr key={p.model} className="border-t border-slate-100" data-testid="price-row">
                  <td className="px-3 py-1.5 font-mono text-xs">{p.model}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">${p.inputPerMillion}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">${p.outputPerMillion}</td>
                  <td className="px-3 py-1.5">{p.source === "project" ? <span className="text-indigo-700">this project</span> : <span className="text-slate-500">built-in</span>}</td>
                  <td className="px-3 py-1.5 text-right">{p.source === "project" && <ResetPrice model={p.model} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
    </>
  );
}

function ResetPrice({ model }: { model: string }) {
  const fetcher = useFetcher<Result>();
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="reset" />
      <input type="hidden" name="model" value={model} />
      <button type="submit" className="rounded px-2 py-1 text-xs text-slate-700 hover:bg-slate-100" aria-label={`Reset the price of ${model}`}>Reset</button>
    </fetcher.Form>
  );
}

function SetPrice({ models }: { models: string[] }) {
  const { fetcher, form, failure, created } = useCreateForm<Extract<Result, { ok: true }>>();
  return (
    <Panel title="Set a model's price">
      <fetcher.Form method="post" ref={form} className="flex flex-wrap items-end gap-3" noValidate>
        <input type="hidden" name="intent" value="set" />
        <Field label="Model" name="model" error={failure?.fields.model}>{(p) => <input {...p} name="model" list="known-models" required className={fieldClass} />}</Field>
        <datalist id="known-models">{models.map((m) => <option key={m} value={m} />)}</datalist>
        <Field label="Input, USD per million tokens" name="inputPerMillion" error={failure?.fields.inputPerMillion}>
          {(p) => <input {...p} name="inputPerMillion" inputMode="decimal" className={`${fieldClass} w-32`} />}
        </Field>
        <Field label="Output, USD per million tokens" name="outputPerMillion" error={failure?.fields.outputPerMillion}>
          {(p) => <input {...p} name="outputPerMillion" inputMode="decimal" className={`${fieldClass} w-32`} />}
        </Field>
        <button type="submit" className={primaryButton} disabled={fetcher.state !== "idle"}>Save price</button>
        <FormMessage error={failure?.error} success={created?.message} />
      </fetcher.Form>
    </Panel>
  );
}
