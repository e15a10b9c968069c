import { seededRandom, type Random } from "../../seeded-random";
import type { Interval } from "./estimate";

export { seededRandom, type Random };

// Percentile bootstrap with a fixed seed: the same data always gets the same interval, so pages and API agree
// and tests can pin results, while the resampling itself stays honest.

export const BOOTSTRAP_REPLICATES = 1000;
export const BOOTSTRAP_SEED = 0x5eed_a11e;
/** A replicate can be undefined (a class vanished); past this share of them the interval is not reported. */
const MAX_UNDEFINED_SHARE = 0.1;

/** Draws `draws` items from categories weighted by `counts` (with replacement): a multinomial resample. */
export function resampleCounts(counts: readonly number[], draws: number, random: Random): number[] {
  const cumulative: number[] = [];
  let total = 0;
  for (const c of counts) cumulative.push((total += c));
  const out = new Array<number>(counts.length).fill(0);
  for (let d = 0; d < draws; d++) {
    const u = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (u < cumulative[mid]!) hi = mid;
      else lo = mid + 1;
    }
    out[lo]!++;
  }
  return out;
}

/** Indices 0..n-1 drawn n times with replacement. */
export function resampleIndices(n: number, random: Random): number[] {
  return Array.from({ length: n }, () => Math.floor(random() * n));
}

/** The 2.5th and 97.5th percentiles (linear interpolation) of the defined replicates, or null if too many were not. */
export function percentileInterval(replicates: readonly (number | null)[], min = -Infinity, max = Infinity): Interval | null {
  const defined = replicates.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (defined.length === 0 || defined.length < replicates.length * (1 - MAX_UNDEFINED_SHARE)) return null;
  const at = (q: number) => {
    const position = q * (defined.length - 1);
    const below = Math.floor(position);
    const above = Math.min(defined.length - 1, below + 1);
    return defined[below]! + (defined[above]! - defined[below]!) * (position - below);
  };
  return { low: Math.max(min, at(0.025)), high: Math.min(max, at(0.975)), method: "bootstrap-percentile" };
}
