import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { filterSuggestions } from "../../worker/traces/filter-suggestions";
import { listTraces, type TraceRow } from "../../worker/traces/service";
import { AddToQueue } from "~/components/dashboard/add-to-queue";
import { ColumnPicker, useColumns, type ColumnOption } from "~/components/dashboard/column-picker";
import { FilterPanel } from "~/components/dashboard/filter-panel";
import { useSelection } from "~/components/dashboard/use-selection";
import { formatCost, formatDuration, formatTime, StatusBadge } from "~/components/format";
import { Pager } from "~/components/pager";
import { EmptyRow, TableHead } from "~/components/table";
import { addToQueueAction, filterFromUrl, queueChoices } from "~/lib/dashboard.server";
import { loadOrNotFound } from "~/lib/load.server";
import { db, requireUser } from "~/lib/session.server";

export const meta: MetaFunction = () => [{ title: "Traces · Annotation Queues" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const url = new URL(request.url);
  const { filter, error } = filterFromUrl(url);
  return loadOrNotFound(async () => {
    const [traces, queues, suggestions] = await Promise.all([
      listTraces(db(context), user, { cursor: url.searchParams.get("cursor") ?? undefined, limit: 50, filter: filter ?? undefined }),
      queueChoices(context, user),
      filterSuggestions(db(context), user),
    ]);
    return { traces, queues, suggestions, filter, filterError: error, canConfigure: user.role === "admin" };
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  return addToQueueAction(request, context, user, "traces");
}

type Trace = Pick<TraceRow, "id" | "name" | "startedAt" | "durationMs" | "models" | "totalTokens" | "cost" | "status" | "settledAt" | "sessionId" | "userId" | "environment" | "tags" | "errorCount" | "spanCount">;

const columns: (ColumnOption & { className?: string; cell: (t: Trace) => ReactNode })[] = [
  { key: "startedAt", label: "Started", cell: (t) => formatTime(t.startedAt) },
  { key: "duration", label: "Duration", className: "text-right tabular-nums", cell: (t) => formatDuration(t.durationMs) },
  { key: "model", label: "Model", cell: (t) => t.models.join(", ") || "–" },
  { key: "tokens", label: "Tokens", className: "text-right tabular-nums", cell: (t) => t.totalTokens.toLocaleString() },
  { key: "cost", label: "Cost", className: "text-right tabular-nums", cell: (t) => formatCost(t.cost) },
  { key: "status", label: "Status", cell: (t) => (t.settledAt ? <StatusBadge status={t.status} /> : <span className="text-amber-700">receiving</span>) },
  { key: "session", label: "Session", cell: (t) => t.sessionId ?? "–" },
  { key: "user", label: "User", cell: (t) => t.userId ?? "–" },
  { key: "environment", label: "Environment", cell: (t) => t.environment ?? "–" },
  { key: "tags", label: "Tags", cell: (t) => t.tags.join(", ") || "–" },
  { key: "spans", label: "Spans", className: "text-right tabular-nums", cell: (t) => t.spanCount },
  { key: "errors", label: "Errors", className: "text-right tabular-nums", cell: (t) => t.errorCount },
];
const defaultColumns = ["startedAt", "duration", "model", "tokens", "cost", "status"];

export default function Traces() {
  const { traces, queues, suggestions, filter, filterError, canConfigure } = useLoaderData<typeof loader>();
  const visible = useColumns(columns, defaultColumns);
  const shown = columns.filter((c) => visible.has(c.key));
  const selection = useSelection(traces.items.map((t) => t.id));
  const headings = [
    ...(canConfigure
      ? [{ label: <input type="checkbox" aria-label="Select every trace on this page" checked={selection.allSelected} onChange={(e) => selection.setAll(e.target.checked)} />, className: "w-8" }]
      : []),
    "Name",
    ...shown.map((c) => ({ label: c.label, className: c.className })),
  ];
  return (
    <div className="mx-auto max-w-7xl p-4 lg:p-6">
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-xl font-semibold">Traces</h1>
        {canConfigure && queues.length > 0 && <AddToQueue queues={queues} noun="traces" selected={[...selection.selected]} filter={filter} />}
        <ColumnPicker options={columns} visible={visible} />
      </div>
      <FilterPanel key={JSON.stringify(filter)} applied={filter} suggestions={suggestions} error={filterError} />
      <div className="overflow-x-auto rounded-lg bg-white shadow-sm">
        <table className="w-full border-collapse text-sm">
          <TableHead columns={headings} />
          <tbody>
            {traces.items.length === 0 && (
              <EmptyRow columns={headings.length}>
                {filter ? "No trace matches these filters." : "No traces yet: point an OpenTelemetry exporter at /v1/traces."}
              </EmptyRow>
            )}
            {traces.items.map((trace) => (
              <tr key={trace.id} className="border-t border-slate-100 hover:bg-slate-50" data-testid="trace-row">
                {canConfigure && (
                  <td className="px-3 py-2">
                    <input type="checkbox" aria-label={`Select ${trace.name || trace.id}`} checked={selection.isSelected(trace.id)}
                      onChange={(e) => selection.toggle(trace.id, e.target.checked)} />
                  </td>
                )}
                <td className="max-w-xs truncate px-3 py-2 font-medium">
                  <Link to={`/traces/${trace.id}`} className="text-indigo-700 hover:underline">{trace.name || <span className="font-mono text-xs">{trace.id}</span>}</Link>
                </td>
                {shown.map((c) => <td key={c.key} className={`whitespace-nowrap px-3 py-2 text-slate-600 ${c.className ?? ""}`}>{c.cell(trace)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager nextCursor={traces.nextCursor} />
    </div>
  );
}
