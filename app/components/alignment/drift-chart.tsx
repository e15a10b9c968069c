import type { DriftPoint } from "../../../worker/alignment/drift";
import type { Estimate } from "../../../worker/alignment/metrics/estimate";

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 44, right: 12, top: 12, bottom: 46 };

/**
 * The primary agreement number per bucket (accuracy for labels, MAE for numbers) with its 95% band, and the count
 * of compared traces as bars along the bottom, so a dip on three traces does not read like a dip on three hundred.
 */
export function DriftChart({ points, metric, bucket }: { points: DriftPoint[]; metric: "accuracy" | "mae"; bucket: "week" | "day" }) {
  const pick = (p: DriftPoint): Estimate | null => (metric === "accuracy" ? p.accuracy : p.mae);
  const values = points.flatMap((p) => {
    const e = pick(p);
    return e?.value === null || !e ? [] : [e.value, e.ci?.low ?? e.value, e.ci?.high ?? e.value];
  });
  if (values.length === 0) return <p className="text-sm text-slate-500">No compared traces over time yet.</p>;
  const top = metric === "accuracy" ? 1 : Math.max(...values) * 1.1 || 1;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length === 1 ? plotW / 2 : (i / (points.length - 1)) * plotW);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const maxN = Math.max(...points.map((p) => p.n), 1);
  const defined = points.map((p, i) => ({ i, e: pick(p) })).filter((d): d is { i: number; e: Estimate & { value: number } } => d.e?.value != null);
  const band = defined.filter((d) => d.e.ci);
  const bandPath =
    band.length > 1
      ? `M${band.map((d) => `${x(d.i)},${y(d.e.ci!.high)}`).join(" L")} L${[...band].reverse().map((d) => `${x(d.i)},${y(d.e.ci!.low)}`).join(" L")} Z`
      : null;
  const label = (start: number) => new Date(start).toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
  const every = Math.max(1, Math.ceil(points.length / 8));
  const ticks = metric === "accuracy" ? [0, 0.25, 0.5, 0.75, 1] : [0, top / 2, top];
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="w-full max-w-3xl" role="img" aria-label={`${metric === "accuracy" ? "Accuracy" : "Mean absolute error"} per ${bucket}`} data-testid="drift-chart">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} stroke="#e2e8f0" />
          <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" fontSize="10" fill="#64748b">{metric === "accuracy" ? `${Math.round(t * 100)}%` : t.toFixed(2)}</text>
        </g>
      ))}
      {points.map((p, i) => (
        <rect key={`n${p.start}`} x={x(i) - 4} width={8} y={HEIGHT - PAD.bottom + 4 + 16 * (1 - p.n / maxN)} height={16 * (p.n / maxN)} fill="#cbd5e1">
          <title>{`${label(p.start)}: ${p.n} trace(s) compared`}</title>
        </rect>
      ))}
      {bandPath && <path d={bandPath} fill="rgba(79, 70, 229, 0.12)" />}
      {defined.length > 1 && <polyline points={defined.map((d) => `${x(d.i)},${y(d.e.value)}`).join(" ")} fill="none" stroke="#4f46e5" strokeWidth={2} />}
      {defined.map((d) => (
        <circle key={`p${points[d.i]!.start}`} cx={x(d.i)} cy={y(d.e.value)} r={3.5} fill="#4f46e5" data-testid="drift-point">
          <title>{`${label(points[d.i]!.start)}: ${metric === "accuracy" ? `${(d.e.value * 100).toFixed(1)}%` : d.e.value.toFixed(3)} on ${points[d.i]!.n} trace(s)`}</title>
        </circle>
      ))}
      {points.map((p, i) => (i % every === 0 ? <text key={`l${p.start}`} x={x(i)} y={HEIGHT - 6} textAnchor="middle" fontSize="10" fill="#64748b">{label(p.start)}</text> : null))}
    </svg>
  );
}
