import { Form, Link, useNavigation } from "@remix-run/react";
import type { ReactNode, RefObject } from "react";
import { Kbd } from "./kbd";
import { keys } from "./shortcuts";

interface Props {
  queueId: string;
  position: number;
  total: number;
  previous: string | null;
  next: string | null;
  completeRef: RefObject<HTMLFormElement>;
  completeError: string | null;
  /** Add to dataset. */
  dataset: ReactNode;
  /** Who else is reviewing this queue (live presence); the bar keeps a place for it. */
  presence?: ReactNode;
}

export const itemUrl = (queueId: string, traceId: string) => `/queues/${queueId}/items/${traceId}`;

export function ReviewBar({ queueId, position, total, previous, next, completeRef, completeError, dataset, presence }: Props) {
  const navigation = useNavigation();
  const completing = navigation.state !== "idle" && navigation.formData?.get("intent") === "complete";
  const navClass = "rounded px-2 py-1 text-slate-700 hover:bg-slate-100 aria-disabled:pointer-events-none aria-disabled:opacity-40";
  return (
    <footer className="flex flex-wrap items-center gap-3 border-t border-slate-200 bg-white px-4 py-2 text-sm" aria-label="Review bar">
      {dataset}
      <div className="flex items-center gap-1" role="group" aria-label="Queue position">
        <Link to={previous ? itemUrl(queueId, previous) : "#"} aria-disabled={!previous} prefetch="intent" className={navClass} aria-keyshortcuts={keys.previous}>
          ← Previous <Kbd k={keys.previous} />
        </Link>
        <span className="tabular-nums text-slate-600" data-testid="position">{position} of {total}</span>
        <Link to={next ? itemUrl(queueId, next) : "#"} aria-disabled={!next} prefetch="render" className={navClass} aria-keyshortcuts={keys.next}>
          Next <Kbd k={keys.next} /> →
        </Link>
      </div>
      <div className="min-w-0 flex-1" data-slot="presence">{presence}</div>
      {completeError && <span role="alert" className="text-xs text-red-700">{completeError}</span>}
      <Form method="post" ref={completeRef}>
        <input type="hidden" name="intent" value="complete" />
        <button type="submit" disabled={completing} aria-keyshortcuts={keys.complete} className="rounded bg-emerald-600 px-3 py-1.5 font-medium text-white hover:bg-emerald-700 disabled:opacity-60">
          {completing ? "Saving…" : "Fully Annotated"} <Kbd k={keys.complete} className="border-emerald-400 bg-emerald-500 text-white" />
        </button>
      </Form>
    </footer>
  );
}
