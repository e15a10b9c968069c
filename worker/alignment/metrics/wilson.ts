import { estimate, tooFew, Z95, type Estimate, type Interval } from "./estimate";

/**
 * Wilson score interval for a binomial proportion (Wilson 1927). Unlike the normal (Wald) interval it stays inside
 * [0, 1] and keeps close to its nominal coverage for small n and proportions near 0 or 1, which is where
 * alignment data lives (few annotated traces, high agreement).
 */
export function wilsonInterval(successes: number, n: number): Interval | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (Z95 / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half), method: "wilson" };
}

/** A proportion with its Wilson interval; null with a reason below 2 observations. */
export function proportion(successes: number, n: number, what = "pairs"): Estimate {
  if (n < 2) return tooFew(n, 2, what);
  return estimate(successes / n, n, wilsonInterval(successes, n));
}
