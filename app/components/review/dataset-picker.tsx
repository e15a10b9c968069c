import * as Popover from "@radix-ui/react-popover";
import { useFetcher } from "@remix-run/react";
import type { FormFailure } from "~/lib/form";
import type { ReviewActionResult, ReviewData, ReviewIntent } from "~/lib/review.server";
import { Kbd } from "./kbd";
import { PickOrCreate } from "./pick-or-create";
import { keys } from "./shortcuts";

export const datasetFetcherKey = (traceId: string) => `dataset:${traceId}`;

interface Props {
  traceId: string;
  datasets: ReviewData["datasets"];
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onAdd: (dataset: { id: string } | { name: string }) => void;
}

/** "Add to dataset" in the review bar: pick one, or type a new name; the tick appears before the server answers. */
export function DatasetPicker({ traceId, datasets, open, onOpenChange, onAdd }: Props) {
  const fetcher = useFetcher<ReviewActionResult | FormFailure>({ key: datasetFetcherKey(traceId) });
  const pending = fetcher.state !== "idle" ? (fetcher.json as ReviewIntent | undefined) : undefined;
  const pendingDataset = pending?.intent === "dataset" ? pending.dataset : null;
  const holds = (d: { id: string; name: string; holdsTrace: boolean }) => d.holdsTrace || (pendingDataset !== null && ("id" in pendingDataset ? pendingDataset.id === d.id : pendingDataset.name === d.name));
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const failure = result && "error" in result ? result.error : null;
  const done = result && "dataset" in result ? result.dataset : undefined;
  const count = datasets.filter(holds).length + (pendingDataset && "name" in pendingDataset ? 1 : 0);
  return (
    <div className="flex items-center gap-2">
      <Popover.Root open={open} onOpenChange={onOpenChange}>
        <Popover.Trigger className="rounded border border-slate-300 px-2 py-1 text-slate-700 hover:bg-slate-50" data-testid="dataset-trigger">
          Add to dataset{count > 0 ? ` (${count})` : ""} <Kbd k={keys.dataset} />
        </Popover.Trigger>
        <Popover.Portal>
          <Popover.Content side="top" align="start" sideOffset={6} className="w-80 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-xl" aria-label="Add to dataset">
            <PickOrCreate
              label="Dataset"
              autoFocus
              alwaysOpen
              items={datasets.map((d) => ({ id: d.id, label: d.name, note: holds(d) ? "✓ added" : `${d.itemCount} trace${d.itemCount === 1 ? "" : "s"}` }))}
              placeholder="Find or name a new dataset…"
              createLabel={(text) => `Create dataset “${text}”`}
              onPick={(item) => onAdd({ id: item.id })}
              onCreate={(name) => onAdd({ name })}
              onEscape={() => onOpenChange(false)}
            />
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>
      <span role="status" className="flex items-center gap-2 text-xs text-slate-600" data-testid="dataset-status">
        {pendingDataset ? "Adding…" : failure ? <span className="text-red-700">{failure}</span> : done ? (
          <>
            <span>{done.added ? "Added to" : "Already in"} “{done.name}”</span>
            {/* The datasets page's export route: the file as it stands now, this trace included. */}
            <a href={`/datasets/${done.id}/export?format=jsonl`} download className="text-indigo-700 underline">JSONL</a>
            <a href={`/datasets/${done.id}/export?format=csv`} download className="text-indigo-700 underline">CSV</a>
          </>
        ) : null}
      </span>
    </div>
  );
}
