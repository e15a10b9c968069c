import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { exportFormats } from "../../worker/datasets/schemas";
import { createDataset, listDatasets } from "../../worker/datasets/service";
import { formatTime } from "~/components/format";
import { Pager } from "~/components/pager";
import { Field, fieldClass, FormMessage, Panel, primaryButton } from "~/components/settings/ui";
import { EmptyRow, TableHead } from "~/components/table";
import { formAction } from "~/lib/errors.server";
import { loadOrNotFound } from "~/lib/load.server";
import { db, requireUser } from "~/lib/session.server";
import { useCreateForm } from "~/lib/use-create-form";

export const meta: MetaFunction = () => [{ title: "Datasets · Annotation Queues" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const search = new URL(request.url).searchParams;
  return loadOrNotFound(async () => ({
    datasets: await listDatasets(db(context), user, { cursor: search.get("cursor") ?? undefined, limit: 50, q: search.get("q") ?? undefined }),
  }));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await request.formData();
  return formAction(async () => {
    const dataset = await createDataset(db(context), user, { name: String(form.get("name") ?? ""), description: String(form.get("description") ?? "") });
    return { ok: true as const, name: dataset.name };
  });
}

export default function Datasets() {
  const { datasets } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="mx-auto max-w-7xl p-4 lg:p-6">
      <h1 className="mb-3 text-xl font-semibold">Datasets</h1>
      <p className="mb-3 text-sm text-slate-600">Traces collected from review (press <kbd>t</kbd> on the review screen), exported with their conversations and annotations.</p>
      <Form method="get" className="mb-3 flex items-end gap-2" role="search">
        <label className="flex flex-col gap-1 text-sm">Name contains
          <input name="q" defaultValue={params.get("q") ?? ""} className={fieldClass} />
        </label>
        <button type="submit" className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50">Search</button>
      </Form>
      <div className="mb-3 overflow-x-auto rounded-lg bg-white shadow-sm">
        <table className="w-full text-sm">
          <TableHead columns={["Dataset", { label: "Traces", className: "text-right" }, "Created", "Export"]} />
          <tbody>
            {datasets.items.length === 0 && <EmptyRow columns={4}>No datasets{params.get("q") ? " match" : " yet"}.</EmptyRow>}
            {datasets.items.map((dataset) => (
              <tr key={dataset.id} className="border-t border-slate-100 align-top" data-testid="dataset-row">
                <td className="px-3 py-2">
                  <span className="font-medium">{dataset.name}</span>
                  {dataset.description && <p className="line-clamp-2 text-slate-600">{dataset.description}</p>}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{dataset.itemCount}</td>
                <td className="whitespace-nowrap px-3 py-2 text-slate-600">{formatTime(dataset.createdAt)}</td>
                <td className="whitespace-nowrap px-3 py-2">
                  {exportFormats.map((format) => (
                    <a key={format} href={`/datasets/${dataset.id}/export?format=${format}`} download
                      className="mr-3 text-indigo-700 underline" aria-label={`Export ${dataset.name} as ${format.toUpperCase()}`}>
                      {format.toUpperCase()}
                    </a>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager nextCursor={datasets.nextCursor} />
      <CreateDataset />
    </div>
  );
}

function CreateDataset() {
  const { fetcher, form, failure, created } = useCreateForm<{ ok: true; name: string }>();
  return (
    <Panel title="Create a dataset">
      <fetcher.Form method="post" ref={form} className="flex flex-wrap items-end gap-3" noValidate>
        <Field label="Dataset name" name="name" error={failure?.fields.name}>{(p) => <input {...p} name="name" required className={fieldClass} />}</Field>
        <Field label="Description" name="description" error={failure?.fields.description}>{(p) => <input {...p} name="description" className={`${fieldClass} w-80`} />}</Field>
        <button type="submit" className={primaryButton} disabled={fetcher.state !== "idle"}>Create dataset</button>
        <FormMessage error={failure?.error} success={created ? `Created ${created.name}.` : undefined} />
      </fetcher.Form>
    </Panel>
  );
}
