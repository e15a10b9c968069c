import { Form, Link, useNavigate } from "@remix-run/react";
import { useMemo, useRef } from "react";
import { useShortcuts } from "~/lib/use-shortcuts";

interface Props {
  queueId: string;
  position: number;
  total: number;
  previous: string | null;
  next: string | null;
}

export function ReviewBar({ queueId, position, total, previous, next }: Props) {
  const completeRef = useRef<HTMLFormElement>(null);
  const navigate = useNavigate();
  const itemUrl = (traceId: string) => `/queues/${queueId}/items/${traceId}`;
  useShortcuts(
    useMemo(
      () => ({
        d: () => completeRef.current?.requestSubmit(),
        k: () => previous && navigate(itemUrl(previous)),
        j: () => next && navigate(itemUrl(next)),
      }),
      [previous, next, queueId],
    ),
  );
  const navClass = "rounded px-2 py-1 text-slate-700 hover:bg-slate-100 aria-disabled:pointer-events-none aria-disabled:opacity-40";
  return (
    <footer className="flex items-center gap-3 border-t border-slate-200 bg-white px-4 py-2 text-sm">
      <Link to={previous ? itemUrl(previous) : "#"} aria-disabled={!previous} className={navClass}>
        ← Previous <kbd>k</kbd>
      </Link>
      <span className="tabular-nums text-slate-600" data-testid="position">{position} of {total}</span>
      <Link to={next ? itemUrl(next) : "#"} aria-disabled={!next} className={navClass}>
        Next <kbd>j</kbd> →
      </Link>
      <Form method="post" ref={completeRef} className="ml-auto">
        <input type="hidden" name="intent" value="complete" />
        <button type="submit" className="rounded bg-emerald-600 px-3 py-1.5 font-medium text-white hover:bg-emerald-700">
          Fully Annotated <kbd className="ml-1">d</kbd>
        </button>
      </Form>
    </footer>
  );
}
