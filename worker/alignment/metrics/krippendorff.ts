import { BOOTSTRAP_REPLICATES, BOOTSTRAP_SEED, percentileInterval, seededRandom } from "./bootstrap";
import { estimate, unavailable, type Estimate } from "./estimate";

// Krippendorff's alpha (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011), for any number of
// reviewers, missing ratings allowed, α = 1 − D_o / D_e. Only units with at least two ratings are pairable; the
// rest carry no information about agreement and are dropped, as the method prescribes.
//
// Both disagreements are sums over ordered pairs of values, so they are computed in closed form instead of
// through the coincidence matrix (same result, O(values) even for continuous scores):
//   within a unit u with m_u values:     W_u = Σ_{i≠j} δ²(v_i, v_j), weighted 1/(m_u − 1)
//   across all N pairable values:        T   = Σ_{i≠j} δ²(v_i, v_j)
//   α = 1 − (N − 1) · Σ_u W_u/(m_u − 1) / T
// nominal δ² = [a ≠ b], so Σ_{i≠j} δ² = m² − Σ_c m_c²; interval δ² = (a − b)², so Σ_{i≠j} δ² = 2(m Σv² − (Σv)²).
//
// Interval: percentile bootstrap over units with a fixed seed (as recommended for alpha by Zapf et al., BMC
// Medical Research Methodology 16:93, 2016).

export type MeasurementLevel = "nominal" | "interval";
export type RatingValue = string | number;

/** One unit's ratings, one per reviewer who rated it; null or absent where a reviewer did not. */
export type Unit = readonly (RatingValue | null | undefined)[];

export interface AlphaResult extends Estimate {
  /** Units rated by two or more reviewers. */
  pairableUnits: number;
  /** Ratings inside those units (Krippendorff's n..). */
  pairableValues: number;
}

/** What a unit contributes to the sums, so the bootstrap can resample units without revisiting values. */
interface UnitSummary {
  m: number;
  /** W_u / (m_u − 1). */
  within: number;
  /** Nominal: count per category index. Interval: [Σv, Σv²]. */
  totals: number[];
}

function summarize(values: readonly RatingValue[], level: MeasurementLevel, categories: Map<string, number>): UnitSummary {
  const m = values.length;
  if (level === "interval") {
    const numbers = values.map(Number);
    const sum = numbers.reduce((a, b) => a + b, 0);
    const squares = numbers.reduce((a, b) => a + b * b, 0);
    return { m, within: (2 * (m * squares - sum * sum)) / (m - 1), totals: [sum, squares] };
  }
  const totals = new Array<number>(categories.size).fill(0);
  for (const value of values) totals[categories.get(String(value))!]!++;
  return { m, within: (m * m - totals.reduce((s, c) => s + c * c, 0)) / (m - 1), totals };
}

function alphaOf(units: readonly UnitSummary[], level: MeasurementLevel, width: number): number | null {
  let n = 0;
  let observed = 0;
  const totals = new Array<number>(width).fill(0);
  for (const unit of units) {
    n += unit.m;
    observed += unit.within;
    for (let i = 0; i < width; i++) totals[i]! += unit.totals[i]!;
  }
  const expected = level === "interval" ? 2 * (n * totals[1]! - totals[0]! ** 2) : n * n - totals.reduce((s, c) => s + c * c, 0);
  // Rounding in the interval sums can leave a tiny positive expected disagreement for identical values.
  if (expected <= 1e-12 * Math.max(1, n * n)) return null;
  return 1 - ((n - 1) * observed) / expected;
}

export function krippendorffAlpha(
  units: readonly Unit[],
  level: MeasurementLevel,
  options: { replicates?: number; seed?: number } = {},
): AlphaResult {
  const rated = units.map((unit) => unit.filter((v): v is RatingValue => v !== null && v !== undefined && (level === "nominal" || Number.isFinite(Number(v)))));
  const pairable = rated.filter((values) => values.length >= 2);
  const pairableValues = pairable.reduce((sum, values) => sum + values.length, 0);
  const counts = { pairableUnits: pairable.length, pairableValues };
  if (pairable.length === 0) return { ...unavailable(0, "no item was rated by two or more reviewers"), ...counts };

  const categories = new Map<string, number>();
  if (level === "nominal") for (const value of pairable.flat()) if (!categories.has(String(value))) categories.set(String(value), categories.size);
  const width = level === "interval" ? 2 : categories.size;
  const summaries = pairable.map((values) => summarize(values, level, categories));
  const alpha = alphaOf(summaries, level, width);
  if (alpha === null) return { ...unavailable(pairable.length, "every rating is the same value: with no variation, alpha is undefined"), ...counts };

  const random = seededRandom(options.seed ?? BOOTSTRAP_SEED);
  const replicates = Array.from({ length: options.replicates ?? BOOTSTRAP_REPLICATES }, () =>
    alphaOf(Array.from({ length: summaries.length }, () => summaries[Math.floor(random() * summaries.length)]!), level, width),
  );
  const ci = summaries.length >= 2 ? percentileInterval(replicates, -Infinity, 1) : null;
  return { ...estimate(alpha, pairable.length, ci, ci ? null : "too few items rated by several reviewers for an interval"), ...counts };
}
