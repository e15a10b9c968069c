import { useFetcher } from "@remix-run/react";
import { useState } from "react";
import type { FilterSet } from "../../../worker/filters/schema";
import { ConfirmDialog } from "~/components/confirm-dialog";

export type AddToQueueResult = { ok: true; requested: number; added: number; total: number; queueName: string } | { error: string; fields: Record<string, string> };

interface Props {
  queues: { id: string; name: string }[];
  /** "traces" or "sessions": what the rows are, for the labels. */
  noun: string;
  selected: string[];
  filter: FilterSet | null;
  /** Off where "every match" means nothing narrower than the whole project (the trace page). */
  everyMatch?: boolean;
}

/**
 * "Add to queue" for a dashboard: the selected rows, or every row the applied filter matches (all pages). Posts to
 * the dashboard's own action as JSON: { intent: "add-selected", queueId, ids } or { intent: "add-matching", queueId, filter }.
 */
export function AddToQueue({ queues, noun, selected, filter, everyMatch = true }: Props) {
  const fetcher = useFetcher<AddToQueueResult>();
  const [queueId, setQueueId] = useState(queues[0]?.id ?? "");
  const busy = fetcher.state !== "idle";
  const post = (body: { intent: "add-selected"; queueId: string; ids: string[] } | { intent: "add-matching"; queueId: string; filter: FilterSet | null }) => {
    fetcher.submit(body, { method: "post", encType: "application/json" });
  };
  const result = fetcher.data;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {/* Named by aria-label, not a wrapping label, so its name stays "Queue" whichever queue is chosen. */}
      <select aria-label="Queue" value={queueId} onChange={(e) => setQueueId(e.target.value)} className="rounded border border-slate-300 bg-white px-2 py-1.5 text-sm">
        {queues.map((q) => <option key={q.id} value={q.id}>{q.name}</option>)}
      </select>
      <button type="button" disabled={busy || selected.length === 0 || !queueId}
        onClick={() => post({ intent: "add-selected", queueId, ids: selected })}
        className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-50">
        {everyMatch ? `Add ${selected.length} selected to queue` : "Add to queue"}
      </button>
      {everyMatch && <ConfirmDialog
        title={`Add every matching ${noun.replace(/s$/, "")}?`}
        description={filter ? `Every ${noun.replace(/s$/, "")} the applied filters match, on every page, goes into the queue.` : `No filter is applied: every ${noun.replace(/s$/, "")} in the project goes into the queue.`}
        confirmLabel="Add every match"
        tone="primary"
        busy={busy}
        onConfirm={() => post({ intent: "add-matching", queueId, filter })}
        trigger={
          <button type="button" disabled={busy || !queueId} className="rounded border border-indigo-300 px-3 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50 disabled:opacity-50">
            Add every match
          </button>
        }
      />}
      {result && "ok" in result && (
        <p role="status" className="text-sm text-emerald-700" data-testid="add-result">
          Added {result.added} new of {result.requested} {noun} to {result.queueName}; it now holds {result.total}.
        </p>
      )}
      {result && "error" in result && <p role="alert" className="text-sm text-red-700" data-testid="add-result">{result.error}</p>}
      {busy && <p role="status" className="text-sm text-slate-500">Adding…</p>}
    </div>
  );
}
