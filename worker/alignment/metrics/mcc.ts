import { margins } from "./confusion";

/**
 * Matthews correlation coefficient for k classes (Gorodkin 2004; for two classes it is the phi coefficient).
 * Null when either side used a single class: the denominator is then zero and the coefficient is undefined.
 */
export function matthews(counts: readonly (readonly number[])[]): number | null {
  const { truth, predicted, agreed, n } = margins(counts);
  const correct = agreed.reduce((a, b) => a + b, 0);
  const cross = truth.reduce((sum, t, i) => sum + t * predicted[i]!, 0);
  const truthSpread = n * n - truth.reduce((sum, t) => sum + t * t, 0);
  const predictedSpread = n * n - predicted.reduce((sum, p) => sum + p * p, 0);
  if (truthSpread === 0 || predictedSpread === 0) return null;
  return Math.max(-1, Math.min(1, (correct * n - cross) / Math.sqrt(truthSpread) / Math.sqrt(predictedSpread)));
}
