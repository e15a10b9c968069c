import { clampInterval, estimate, tooFew, unavailable, Z95, type Estimate, type IntervalMethod } from "./estimate";

// Correlations between the machine's numbers and the humans'. Intervals by Fisher's z transform: the standard
// 1/√(n−3) for Pearson, and for Spearman the wider √(1.06/(n−3)) of Fieller, Hartley and Pearson (1957). Both need
// n ≥ 4; with 3 points the value is reported without an interval.

export interface NumberPair {
  truth: number;
  predicted: number;
}

function pearsonOf(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

function fisherInterval(r: number, n: number, varianceFactor: number, method: IntervalMethod) {
  if (n < 4) return null;
  // atanh(±1) is ±Infinity and tanh brings it back to ±1: a perfect correlation gets the degenerate interval.
  const z = Math.atanh(r);
  const se = Math.sqrt(varianceFactor / (n - 3));
  return clampInterval(Math.tanh(z - Z95 * se), Math.tanh(z + Z95 * se), -1, 1, method);
}

function correlation(xs: readonly number[], ys: readonly number[], varianceFactor: number, method: IntervalMethod): Estimate {
  const n = xs.length;
  if (n < 3) return tooFew(n, 3);
  const r = pearsonOf(xs, ys);
  if (r === null) return unavailable(n, "one side gave the same value every time: the correlation is undefined");
  const ci = fisherInterval(r, n, varianceFactor, method);
  return estimate(r, n, ci, ci ? null : "an interval needs at least 4 pairs");
}

export function pearson(pairs: readonly NumberPair[]): Estimate {
  return correlation(pairs.map((p) => p.truth), pairs.map((p) => p.predicted), 1, "fisher-z");
}

/** Ranks from 1, ties sharing the mean of the ranks they span. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end++;
    const rank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) ranks[order[i]!.index] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Spearman's rho: Pearson's r over average ranks, which is the correct form when there are ties. */
export function spearman(pairs: readonly NumberPair[]): Estimate {
  return correlation(averageRanks(pairs.map((p) => p.truth)), averageRanks(pairs.map((p) => p.predicted)), 1.06, "fisher-z-fieller");
}
