import { BOOTSTRAP_REPLICATES, BOOTSTRAP_SEED, percentileInterval, resampleIndices, seededRandom } from "./bootstrap";
import type { NumberPair } from "./correlation";
import { estimate, tooFew, type Estimate } from "./estimate";

// Mean absolute error and root mean squared error of the machine against the humans, in the score's own units.
// Intervals: percentile bootstrap over the pairs with a fixed seed; RMSE's sampling distribution is skewed and
// MAE's is for the small samples alignment usually has, so a symmetric t-interval would misplace them.

function errorMetric(pairs: readonly NumberPair[], of: (errors: readonly number[]) => number, options: { replicates?: number; seed?: number }): Estimate {
  const n = pairs.length;
  if (n < 2) return tooFew(n);
  const errors = pairs.map((p) => p.predicted - p.truth);
  const random = seededRandom(options.seed ?? BOOTSTRAP_SEED);
  const replicates = Array.from({ length: options.replicates ?? BOOTSTRAP_REPLICATES }, () => of(resampleIndices(n, random).map((i) => errors[i]!)));
  return estimate(of(errors), n, percentileInterval(replicates, 0));
}

const meanAbsolute = (errors: readonly number[]) => errors.reduce((sum, e) => sum + Math.abs(e), 0) / errors.length;
const rootMeanSquare = (errors: readonly number[]) => Math.sqrt(errors.reduce((sum, e) => sum + e * e, 0) / errors.length);

export function meanAbsoluteError(pairs: readonly NumberPair[], options: { replicates?: number; seed?: number } = {}): Estimate {
  return errorMetric(pairs, meanAbsolute, options);
}

export function rootMeanSquaredError(pairs: readonly NumberPair[], options: { replicates?: number; seed?: number } = {}): Estimate {
  return errorMetric(pairs, rootMeanSquare, options);
}
