import type { Estimate } from "../../../worker/alignment/metrics/estimate";

const METHOD: Record<string, string> = {
  wilson: "Wilson score interval",
  "fleiss-cohen-everitt": "Fleiss–Cohen–Everitt large-sample standard error",
  "fisher-z": "Fisher z transform",
  "fisher-z-fieller": "Fisher z with the Fieller–Hartley–Pearson variance",
  "bootstrap-percentile": "percentile bootstrap, 1,000 resamples, fixed seed",
};

export function formatValue(value: number, percent = false): string {
  return percent ? `${(value * 100).toFixed(1)}%` : value.toFixed(3);
}

export function formatInterval(e: Estimate, percent = false): string {
  return e.ci ? `${formatValue(e.ci.low, percent)} – ${formatValue(e.ci.high, percent)}` : "no interval";
}

/** A value with its interval beneath; a missing value shows its reason on hover and to screen readers. */
export function EstimateText({ estimate, percent = false, testId }: { estimate: Estimate; percent?: boolean; testId?: string }) {
  if (estimate.value === null) {
    return (
      <span className="text-slate-400" title={estimate.reason ?? undefined} data-testid={testId}>
        —<span className="sr-only"> ({estimate.reason})</span>
      </span>
    );
  }
  return (
    <span title={estimate.ci ? `95% CI by ${METHOD[estimate.ci.method]}; n = ${estimate.n}` : (estimate.reason ?? undefined)}>
      <span data-testid={testId}>{formatValue(estimate.value, percent)}</span>
      <span className="ml-1 text-xs text-slate-500">[{formatInterval(estimate, percent)}]</span>
    </span>
  );
}

export function StatCard({ label, estimate, percent = false, testId, hint }: { label: string; estimate: Estimate; percent?: boolean; testId: string; hint: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3" title={hint}>
      <div className="text-xs font-medium uppercase text-slate-500">{label}</div>
      {estimate.value === null ? (
        <>
          <div className="text-2xl font-semibold text-slate-400" data-testid={testId}>—</div>
          <div className="text-xs text-slate-500">{estimate.reason}</div>
        </>
      ) : (
        <>
          <div className="text-2xl font-semibold tabular-nums" data-testid={testId}>{formatValue(estimate.value, percent)}</div>
          <div className="text-xs text-slate-500" data-testid={`${testId}-ci`}>
            95% CI {formatInterval(estimate, percent)}
            {estimate.ci && <span className="block text-[11px] text-slate-400">{METHOD[estimate.ci.method]}</span>}
          </div>
        </>
      )}
    </div>
  );
}
