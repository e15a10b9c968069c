import type { PresenceUpdate } from "../../durable-objects/queue-presence";

function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((word) => word[0]!.toUpperCase()).join("") || "?";
}

/** Who else is reviewing this queue, and whether they are on the item shown here. */
export function PresenceStrip({ presence, selfId, traceId }: { presence: PresenceUpdate | null; selfId: string; traceId: string | null }) {
  const others = presence?.reviewers.filter((r) => r.id !== selfId) ?? [];
  if (others.length === 0) return <span className="text-xs text-slate-500" data-testid="presence">Only you here</span>;
  return (
    <ul className="flex items-center gap-1" aria-label="Reviewers here now" data-testid="presence">
      {others.map((reviewer) => {
        const here = traceId !== null && reviewer.traceIds.includes(traceId);
        const elsewhere = traceId === null ? "reviewing an item" : "on another item";
        const where = here ? "on this item" : reviewer.traceIds.length > 0 ? elsewhere : "on the queue page";
        return (
          <li
            key={reviewer.id}
            title={`${reviewer.name}, ${where}`}
            className={`flex h-6 w-6 items-center justify-center rounded-full text-[10px] font-semibold ${here ? "bg-amber-200 text-amber-900 ring-2 ring-amber-500" : "bg-slate-200 text-slate-700"}`}
          >
            <span aria-hidden>{initials(reviewer.name)}</span>
            <span className="sr-only">{`${reviewer.name}, ${where}`}</span>
          </li>
        );
      })}
    </ul>
  );
}
