import { BOOTSTRAP_REPLICATES, BOOTSTRAP_SEED, percentileInterval, resampleCounts, seededRandom } from "./bootstrap";
import { fromCells, margins, type ConfusionMatrix } from "./confusion";
import { estimate, tooFew, unavailable, type Estimate } from "./estimate";
import { cohensKappa } from "./kappa";
import { matthews } from "./mcc";
import { proportion } from "./wilson";

// Confidence intervals: proportions (accuracy, per-class precision and recall) use Wilson's score interval;
// kappa the Fleiss–Cohen–Everitt large-sample standard error; F1, the macro averages and MCC, which are not
// proportions and have no simple closed-form interval, a percentile bootstrap over the pairs with a fixed seed.

export const UNSTABLE = "no interval: the statistic was undefined in too many bootstrap resamples (too few pairs of some class)";

export interface ClassMetrics {
  label: string;
  /** How many pairs have this label as the human verdict. */
  support: number;
  /** How many pairs the machine gave this label. */
  predicted: number;
  precision: Estimate;
  recall: Estimate;
  f1: Estimate;
}

export interface ClassificationMetrics {
  n: number;
  accuracy: Estimate;
  perClass: ClassMetrics[];
  /** Unweighted means over the labels seen on either side; a precision or recall with nothing to divide by counts 0 (as scikit-learn's zero_division=0). */
  macro: { precision: Estimate; recall: Estimate; f1: Estimate };
  kappa: Estimate;
  mcc: Estimate;
}

export function accuracy(matrix: ConfusionMatrix): Estimate {
  const { agreed, n } = margins(matrix.counts);
  return proportion(agreed.reduce((a, b) => a + b, 0), n);
}

/** Point values of F1 per class, the macro averages and MCC for one matrix; null where undefined. */
interface PointValues {
  f1: (number | null)[];
  macroPrecision: number | null;
  macroRecall: number | null;
  macroF1: number | null;
  mcc: number | null;
}

function pointValues(counts: readonly (readonly number[])[]): PointValues {
  const { truth, predicted, agreed } = margins(counts);
  const seen = truth.map((t, i) => t + predicted[i]! > 0);
  const f1 = agreed.map((tp, i) => (seen[i] ? (2 * tp) / (truth[i]! + predicted[i]!) : null));
  const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
  const over = (value: (i: number) => number) => mean(seen.flatMap((s, i) => (s ? [value(i)] : [])));
  return {
    f1,
    macroPrecision: over((i) => (predicted[i]! > 0 ? agreed[i]! / predicted[i]! : 0)),
    macroRecall: over((i) => (truth[i]! > 0 ? agreed[i]! / truth[i]! : 0)),
    macroF1: over((i) => f1[i] ?? 0),
    mcc: matthews(counts),
  };
}

function bootstrap(matrix: ConfusionMatrix, replicates: number, seed: number): PointValues[] {
  const k = matrix.labels.length;
  const cells = matrix.counts.flat();
  const random = seededRandom(seed);
  return Array.from({ length: replicates }, () => pointValues(fromCells(resampleCounts(cells, matrix.n, random), k)));
}

export function classificationMetrics(
  matrix: ConfusionMatrix,
  options: { replicates?: number; seed?: number } = {},
): ClassificationMetrics {
  const { truth, predicted, agreed, n } = margins(matrix.counts);
  const few = tooFew(n);
  if (n < 2) {
    const perClass = matrix.labels.map((label, i) => ({ label, support: truth[i]!, predicted: predicted[i]!, precision: few, recall: few, f1: few }));
    return { n, accuracy: few, perClass, macro: { precision: few, recall: few, f1: few }, kappa: few, mcc: few };
  }
  const point = pointValues(matrix.counts);
  const samples = bootstrap(matrix, options.replicates ?? BOOTSTRAP_REPLICATES, options.seed ?? BOOTSTRAP_SEED);
  const withBootstrap = (value: number | null, pick: (p: PointValues) => number | null, min: number, reason: string) => {
    if (value === null) return unavailable(n, reason);
    const ci = percentileInterval(samples.map(pick), min, 1);
    return estimate(value, n, ci, ci ? null : UNSTABLE);
  };

  const perClass = matrix.labels.map((label, i): ClassMetrics => {
    const neverSeen = `no pair has "${label}" on either side`;
    return {
      label,
      support: truth[i]!,
      predicted: predicted[i]!,
      precision: predicted[i]! > 0 ? proportion(agreed[i]!, predicted[i]!, `"${label}" predictions`) : unavailable(0, `the machine never said "${label}"`),
      recall: truth[i]! > 0 ? proportion(agreed[i]!, truth[i]!, `"${label}" verdicts`) : unavailable(0, `no human verdict is "${label}"`),
      f1: withBootstrap(point.f1[i] ?? null, (p) => p.f1[i] ?? null, 0, neverSeen),
    };
  });
  return {
    n,
    accuracy: accuracy(matrix),
    perClass,
    macro: {
      precision: withBootstrap(point.macroPrecision, (p) => p.macroPrecision, 0, "no label seen"),
      recall: withBootstrap(point.macroRecall, (p) => p.macroRecall, 0, "no label seen"),
      f1: withBootstrap(point.macroF1, (p) => p.macroF1, 0, "no label seen"),
    },
    kappa: cohensKappa(matrix.counts),
    mcc: withBootstrap(point.mcc, (p) => p.mcc, -1, "one side used a single class: MCC is undefined"),
  };
}
