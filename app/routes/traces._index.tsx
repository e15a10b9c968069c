import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { addItems } from "../../worker/queues/items";
import { listQueues } from "../../worker/queues/service";
import { listTraces } from "../../worker/traces/service";
import { Pager } from "~/components/pager";
import { EmptyRow, TableHead } from "~/components/table";
import { formAction } from "~/lib/errors.server";
import { db, requireUser } from "~/lib/session.server";

export const meta: MetaFunction = () => [{ title: "Traces · Annotation Queues" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const cursor = new URL(request.url).searchParams.get("cursor") ?? undefined;
  const [traces, queues] = await Promise.all([
    listTraces(db(context), user, { cursor, limit: 50 }),
    listQueues(db(context), user, { limit: 200 }),
  ]);
  return { traces, queues: queues.items.map((q) => ({ id: q.id, name: q.name })), canConfigure: user.role === "admin" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await request.formData();
  return formAction(async () => {
    const queueId = String(form.get("queueId") ?? "");
    const traceIds = form.getAll("traceId").map(String);
    const result = await addItems(db(context), context.cloudflare.env, user, queueId, { traceIds });
    return { added: result.added, total: result.total };
  });
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export default function Traces() {
  const { traces, queues, canConfigure } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <Form method="post" className="mx-auto max-w-6xl p-6">
      <div className="mb-4 flex items-center gap-3">
        <h1 className="mr-auto text-xl font-semibold">Traces</h1>
        {result && "added" in result && (
          <p role="status" className="text-sm text-emerald-700">Added {result.added} trace(s); the queue now holds {result.total}.</p>
        )}
        {result && "error" in result && <p role="alert" className="text-sm text-red-700">{result.error}</p>}
        {canConfigure && (
          <>
            <label className="text-sm">
              <span className="sr-only">Queue</span>
              <select name="queueId" className="rounded border border-slate-300 px-2 py-1.5 text-sm" required>
                {queues.map((q) => <option key={q.id} value={q.id}>{q.name}</option>)}
              </select>
            </label>
            <button type="submit" className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700" disabled={queues.length === 0}>
              Add selected to queue
            </button>
          </>
        )}
      </div>
      <table className="w-full border-collapse rounded-lg bg-white text-sm shadow-sm">
        <TableHead
          columns={[
            ...(canConfigure ? [{ label: <span className="sr-only">Select</span>, className: "w-8" }] : []),
            "Name", "Started", "Duration", "Model", { label: "Tokens", className: "text-right" }, "Status",
          ]}
        />
        <tbody>
          {traces.items.length === 0 && (
            <EmptyRow columns={7}>No traces yet: point an OpenTelemetry exporter at /v1/traces.</EmptyRow>
          )}
          {traces.items.map((trace) => (
            <tr key={trace.id} className="border-t border-slate-100" data-testid="trace-row">
              {canConfigure && (
                <td className="px-3 py-2">
                  <input type="checkbox" name="traceId" value={trace.id} aria-label={`Select ${trace.name || trace.id}`} />
                </td>
              )}
              <td className="px-3 py-2 font-medium">{trace.name || <span className="text-slate-400">{trace.id}</span>}</td>
              <td className="px-3 py-2 text-slate-600">{new Date(trace.startedAt).toLocaleString()}</td>
              <td className="px-3 py-2 tabular-nums text-slate-600">{formatDuration(trace.durationMs)}</td>
              <td className="px-3 py-2 text-slate-600">{trace.models.join(", ")}</td>
              <td className="px-3 py-2 text-right tabular-nums text-slate-600">{trace.totalTokens}</td>
              <td className="px-3 py-2">{trace.settledAt ? trace.status : <span className="text-amber-600">receiving</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager nextCursor={traces.nextCursor} />
    </Form>
  );
}
