// Display helpers shared by the dashboards and the trace page. Times render in the viewer's locale and zone.

export function formatTime(ms: number): string {
  return new Date(ms).toLocaleString();
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatCost(cost: number | null): string {
  if (cost === null) return "–";
  return cost < 0.01 ? `$${cost.toFixed(4)}` : `$${cost.toFixed(2)}`;
}

export function StatusBadge({ status }: { status: string }) {
  const tone = status === "error" ? "bg-red-100 text-red-800" : status === "ok" ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-700";
  return <span className={`rounded px-1.5 text-xs ${tone}`}>{status}</span>;
}
