import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { filterSuggestions } from "../../worker/traces/filter-suggestions";
import { listSessionsMatching, type SessionSummary } from "../../worker/traces/sessions";
import { AddToQueue } from "~/components/dashboard/add-to-queue";
import { ColumnPicker, useColumns, type ColumnOption } from "~/components/dashboard/column-picker";
import { FilterPanel } from "~/components/dashboard/filter-panel";
import { useSelection } from "~/components/dashboard/use-selection";
import { formatCost, formatTime } from "~/components/format";
import { Pager } from "~/components/pager";
import { EmptyRow, TableHead } from "~/components/table";
import { addToQueueAction, filterFromUrl, queueChoices } from "~/lib/dashboard.server";
import { loadOrNotFound } from "~/lib/load.server";
import { db, requireUser } from "~/lib/session.server";

export const meta: MetaFunction = () => [{ title: "Sessions · Annotation Queues" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const url = new URL(request.url);
  const { filter, error } = filterFromUrl(url);
  return loadOrNotFound(async () => {
    const [sessions, queues, suggestions] = await Promise.all([
      listSessionsMatching(db(context), user, { cursor: url.searchParams.get("cursor") ?? undefined, limit: 50, filter }),
      queueChoices(context, user),
      filterSuggestions(db(context), user),
    ]);
    return { sessions, queues, suggestions, filter, filterError: error, canConfigure: user.role === "admin" };
  });
}

/** A session goes into a queue as its newest trace, which carries the whole conversation so far. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  return addToQueueAction(request, context, user, "sessions");
}

const columns: (ColumnOption & { className?: string; cell: (s: SessionSummary) => ReactNode })[] = [
  { key: "traces", label: "Traces", className: "text-right tabular-nums", cell: (s) => s.traceCount },
  { key: "lastActive", label: "Last active", cell: (s) => formatTime(s.lastStartedAt) },
  { key: "started", label: "Started", cell: (s) => formatTime(s.firstStartedAt) },
  { key: "users", label: "User", cell: (s) => s.userIds.join(", ") || "–" },
  { key: "tokens", label: "Tokens", className: "text-right tabular-nums", cell: (s) => s.totalTokens.toLocaleString() },
  { key: "cost", label: "Cost", className: "text-right tabular-nums", cell: (s) => formatCost(s.cost) },
  { key: "errors", label: "Errors", className: "text-right tabular-nums", cell: (s) => s.errorCount },
];
const defaultColumns = ["traces", "lastActive", "users", "tokens", "cost"];

export default function Sessions() {
  const { sessions, queues, suggestions, filter, filterError, canConfigure } = useLoaderData<typeof loader>();
  const visible = useColumns(columns, defaultColumns);
  const shown = columns.filter((c) => visible.has(c.key));
  const selection = useSelection(sessions.items.map((s) => s.sessionId));
  const headings = [
    ...(canConfigure
      ? [{ label: <input type="checkbox" aria-label="Select every session on this page" checked={selection.allSelected} onChange={(e) => selection.setAll(e.target.checked)} />, className: "w-8" }]
      : []),
    "Session",
    ...shown.map((c) => ({ label: c.label, className: c.className })),
  ];
  return (
    <div className="mx-auto max-w-7xl p-4 lg:p-6">
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-xl font-semibold">Sessions</h1>
        {canConfigure && queues.length > 0 && <AddToQueue queues={queues} noun="sessions" selected={[...selection.selected]} filter={filter} />}
        <ColumnPicker options={columns} visible={visible} />
      </div>
      <p className="mb-2 text-xs text-slate-500">
        Filters apply to traces: a session is listed when any of its traces matches, and its totals count the matching ones.
      </p>
      <FilterPanel key={JSON.stringify(filter)} applied={filter} suggestions={suggestions} error={filterError} />
      <div className="overflow-x-auto rounded-lg bg-white shadow-sm">
        <table className="w-full border-collapse text-sm">
          <TableHead columns={headings} />
          <tbody>
            {sessions.items.length === 0 && (
              <EmptyRow columns={headings.length}>{filter ? "No session matches these filters." : "No sessions yet: traces carry a session id to group them."}</EmptyRow>
            )}
            {sessions.items.map((session) => (
              <tr key={session.sessionId} className="border-t border-slate-100 hover:bg-slate-50" data-testid="session-row">
                {canConfigure && (
                  <td className="px-3 py-2">
                    <input type="checkbox" aria-label={`Select session ${session.sessionId}`} checked={selection.isSelected(session.sessionId)}
                      onChange={(e) => selection.toggle(session.sessionId, e.target.checked)} />
                  </td>
                )}
                <td className="max-w-xs truncate px-3 py-2 font-medium">
                  <Link className="text-indigo-700 hover:underline"
                    to={`/traces?${new URLSearchParams({ filter: JSON.stringify({ all: [{ field: "sessionId", op: "equals", value: session.sessionId }] }) })}`}>
                    {session.sessionId}
                  </Link>
                </td>
                {shown.map((c) => <td key={c.key} className={`whitespace-nowrap px-3 py-2 text-slate-600 ${c.className ?? ""}`}>{c.cell(session)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager nextCursor={sessions.nextCursor} />
    </div>
  );
}
