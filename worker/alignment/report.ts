import { classificationMetrics, type ClassMetrics } from "./metrics/classification";
import { confusionMatrix } from "./metrics/confusion";
import { pearson, spearman, type NumberPair } from "./metrics/correlation";
import { meanAbsoluteError, rootMeanSquaredError } from "./metrics/errors";
import type { Estimate } from "./metrics/estimate";
import { FAIL, PASS, type AlignedPair, type ScoreConfig } from "./pairs";

export interface ClassificationReport {
  /** Row and column order of `matrix`: rows are the human verdicts, columns the machine's. */
  labels: string[];
  matrix: number[][];
  /** The label precision, recall and F1 are headlined for: "pass" (stored as 1) for boolean scores, else null. */
  positiveLabel: string | null;
  accuracy: Estimate;
  kappa: Estimate;
  mcc: Estimate;
  perClass: ClassMetrics[];
  macro: { precision: Estimate; recall: Estimate; f1: Estimate };
}

export interface NumericReport {
  pearson: Estimate;
  spearman: Estimate;
  mae: Estimate;
  rmse: Estimate;
}

export function labelsOf(config: ScoreConfig): string[] {
  return config.type === "boolean" ? [PASS, FAIL] : (config.categories ?? []);
}

export function classificationReport(config: ScoreConfig, pairs: readonly AlignedPair[]): ClassificationReport {
  const matrix = confusionMatrix(pairs.map((p) => ({ truth: String(p.human), predicted: String(p.machine) })), labelsOf(config));
  const metrics = classificationMetrics(matrix);
  return {
    labels: matrix.labels,
    matrix: matrix.counts,
    positiveLabel: config.type === "boolean" ? PASS : null,
    accuracy: metrics.accuracy,
    kappa: metrics.kappa,
    mcc: metrics.mcc,
    perClass: metrics.perClass,
    macro: metrics.macro,
  };
}

export const numberPairs = (pairs: readonly AlignedPair[]): NumberPair[] => pairs.map((p) => ({ truth: Number(p.human), predicted: Number(p.machine) }));

export function numericReport(pairs: readonly AlignedPair[]): NumericReport {
  const numbers = numberPairs(pairs);
  return { pearson: pearson(numbers), spearman: spearman(numbers), mae: meanAbsoluteError(numbers), rmse: rootMeanSquaredError(numbers) };
}
