import { accuracy } from "./metrics/classification";
import { confusionMatrix } from "./metrics/confusion";
import { pearson } from "./metrics/correlation";
import { meanAbsoluteError } from "./metrics/errors";
import type { Estimate } from "./metrics/estimate";
import { cohensKappa } from "./metrics/kappa";
import type { AlignedPair } from "./pairs";
import { numberPairs } from "./report";

// Alignment over time, by when the traces ran (UTC weeks from Monday, or UTC days): re-scoring old traces moves
// their bucket's numbers, not today's. Empty buckets between the first and last stay in, so the time axis is true.

export const driftBuckets = ["week", "day"] as const;
export type DriftBucket = (typeof driftBuckets)[number];

const DAY = 86_400_000;
const MAX_POINTS: Record<DriftBucket, number> = { week: 104, day: 120 };

export interface DriftPoint {
  /** Start of the bucket (epoch ms, UTC). */
  start: number;
  n: number;
  /** Boolean and categorical scores. */
  accuracy: Estimate | null;
  kappa: Estimate | null;
  /** Numeric scores. */
  mae: Estimate | null;
  pearson: Estimate | null;
}

export function bucketStart(ms: number, bucket: DriftBucket): number {
  const day = Math.floor(ms / DAY) * DAY;
  if (bucket === "day") return day;
  const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
  return day - sinceMonday * DAY;
}

function nextBucket(start: number, bucket: DriftBucket): number {
  // Plain arithmetic is exact: UTC has no daylight saving.
  return start + (bucket === "week" ? 7 : 1) * DAY;
}

export function drift(pairs: readonly AlignedPair[], bucket: DriftBucket, numeric: boolean): DriftPoint[] {
  if (pairs.length === 0) return [];
  const groups = Map.groupBy(pairs, (p) => bucketStart(p.startedAt, bucket));
  const starts = [...groups.keys()].sort((a, b) => a - b);
  const points: DriftPoint[] = [];
  for (let start = starts[0]!; start <= starts[starts.length - 1]!; start = nextBucket(start, bucket)) {
    const group = groups.get(start) ?? [];
    if (numeric) {
      const numbers = numberPairs(group);
      points.push({ start, n: group.length, accuracy: null, kappa: null, mae: meanAbsoluteError(numbers), pearson: pearson(numbers) });
    } else {
      const matrix = confusionMatrix(group.map((p) => ({ truth: String(p.human), predicted: String(p.machine) })));
      points.push({ start, n: group.length, accuracy: accuracy(matrix), kappa: cohensKappa(matrix.counts), mae: null, pearson: null });
    }
  }
  return points.slice(-MAX_POINTS[bucket]);
}
