import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { issueStatuses } from "../../worker/issues/schemas";
import { createIssue, listIssues } from "../../worker/issues/service";
import { formatTime } from "~/components/format";
import { Pager } from "~/components/pager";
import { Field, fieldClass, FormMessage, Panel, primaryButton } from "~/components/settings/ui";
import { EmptyRow, TableHead } from "~/components/table";
import { formAction } from "~/lib/errors.server";
import { loadOrNotFound } from "~/lib/load.server";
import { db, requireUser } from "~/lib/session.server";
import { useCreateForm } from "~/lib/use-create-form";

export const meta: MetaFunction = () => [{ title: "Issues · Annotation Queues" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const search = new URL(request.url).searchParams;
  const status = issueStatuses.find((s) => s === search.get("status"));
  const q = search.get("q") ?? undefined;
  return loadOrNotFound(async () => ({
    issues: await listIssues(db(context), user, { cursor: search.get("cursor") ?? undefined, limit: 50, status, q }),
  }));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await request.formData();
  return formAction(async () => {
    const issue = await createIssue(db(context), user, { title: String(form.get("title") ?? ""), description: String(form.get("description") ?? "") });
    return { ok: true as const, title: issue.title };
  });
}

export default function Issues() {
  const { issues } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const status = params.get("status") ?? "";
  return (
    <div className="mx-auto max-w-7xl p-4 lg:p-6">
      <h1 className="mb-3 text-xl font-semibold">Issues</h1>
      <p className="mb-3 text-sm text-slate-600">Named problems that annotations point at, so recurring failures add up. Reviewers link them while annotating.</p>
      <Form method="get" className="mb-3 flex flex-wrap items-end gap-2" role="search">
        <label className="flex flex-col gap-1 text-sm">Title contains
          <input name="q" defaultValue={params.get("q") ?? ""} className={fieldClass} />
        </label>
        <label className="flex flex-col gap-1 text-sm">Status
          <select name="status" defaultValue={status} className={fieldClass}>
            <option value="">any</option>
            {issueStatuses.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <button type="submit" className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50">Search</button>
      </Form>
      <div className="mb-3 overflow-x-auto rounded-lg bg-white shadow-sm">
        <table className="w-full text-sm">
          <TableHead columns={["Issue", "Status", { label: "Annotations", className: "text-right" }, "Created"]} />
          <tbody>
            {issues.items.length === 0 && <EmptyRow columns={4}>No issues{status || params.get("q") ? " match" : " yet"}.</EmptyRow>}
            {issues.items.map((issue) => (
              <tr key={issue.id} className="border-t border-slate-100 align-top" data-testid="issue-row">
                <td className="px-3 py-2">
                  <span className="font-medium">{issue.title}</span>
                  {issue.description && <p className="line-clamp-2 text-slate-600">{issue.description}</p>}
                </td>
                <td className="px-3 py-2"><span className={`rounded px-1.5 text-xs ${issue.status === "open" ? "bg-amber-100 text-amber-900" : "bg-emerald-100 text-emerald-800"}`}>{issue.status}</span></td>
                <td className="px-3 py-2 text-right tabular-nums">{issue.annotationCount}</td>
                <td className="whitespace-nowrap px-3 py-2 text-slate-600">{formatTime(issue.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager nextCursor={issues.nextCursor} />
      <CreateIssue />
      <p className="text-xs text-slate-500">Looking for traces behind an issue? <Link to="/traces" className="text-indigo-700 underline">Open the trace dashboard</Link>.</p>
    </div>
  );
}

function CreateIssue() {
  const { fetcher, form, failure, created } = useCreateForm<{ ok: true; title: string }>();
  return (
    <Panel title="File an issue">
      <fetcher.Form method="post" ref={form} className="flex flex-col gap-3" noValidate>
        <Field label="Title" name="title" error={failure?.fields.title}>{(p) => <input {...p} name="title" required className={fieldClass} />}</Field>
        <Field label="Description" name="description" error={failure?.fields.description}>{(p) => <textarea {...p} name="description" rows={3} className={fieldClass} />}</Field>
        <div className="flex items-center gap-3">
          <button type="submit" className={primaryButton} disabled={fetcher.state !== "idle"}>File issue</button>
          <FormMessage error={failure?.error} success={created ? `Filed “${created.title}”.` : undefined} />
        </div>
      </fetcher.Form>
    </Panel>
  );
}
