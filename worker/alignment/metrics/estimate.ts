// What every metric answers: a value with its 95% confidence interval, or null with a reason a person can read.
// Never NaN: an undefined statistic (no variation, too few pairs) says why instead.

/** The two-sided 95% standard normal quantile, Φ⁻¹(0.975). */
export const Z95 = 1.959963984540054;

export type IntervalMethod =
  | "wilson"
  | "fleiss-cohen-everitt"
  | "fisher-z"
  | "fisher-z-fieller"
  | "bootstrap-percentile";

export interface Interval {
  low: number;
  high: number;
  method: IntervalMethod;
}

export interface Estimate {
  value: number | null;
  /** 95% confidence interval; null when the method needs more data than there is (the reason says so). */
  ci: Interval | null;
  /** How many observations (pairs, items or pairable units) the value rests on. */
  n: number;
  reason: string | null;
}

export function estimate(value: number, n: number, ci: Interval | null, reason: string | null = null): Estimate {
  return { value, ci, n, reason };
}

export function unavailable(n: number, reason: string): Estimate {
  return { value: null, ci: null, n, reason };
}

export const tooFew = (n: number, needed = 2, what = "pairs") => unavailable(n, `needs at least ${needed} ${what}, has ${n}`);

export function clampInterval(low: number, high: number, min: number, max: number, method: IntervalMethod): Interval {
  return { low: Math.min(max, Math.max(min, low)), high: Math.min(max, Math.max(min, high)), method };
}
