export function ProgressBar({ completed, total }: { completed: number; total: number }) {
  const percent = total === 0 ? 0 : Math.round((completed / total) * 100);
  return (
    <div className="flex items-center gap-2" aria-label={`${completed} of ${total} completed`}>
      <div className="h-1.5 w-32 overflow-hidden rounded bg-slate-200" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
        <div className="h-full bg-emerald-500" style={{ width: `${percent}%` }} />
      </div>
      <span className="whitespace-nowrap tabular-nums text-xs text-slate-600" data-testid="progress-text">
        {completed}/{total} · {percent}%
      </span>
    </div>
  );
}
