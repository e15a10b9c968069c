import { describe, expect, it } from "vitest";
import { confusionMatrix } from "./confusion";
import { matthews } from "./mcc";

const pairs = (truth: string[], predicted: string[]) => truth.map((t, i) => ({ truth: t, predicted: predicted[i]! }));

describe("Matthews correlation coefficient", () => {
  it("gives scikit-learn's documented example, −1/3", () => {
    // sklearn.metrics.matthews_corrcoef docs: y_true = [+1, +1, +1, −1], y_pred = [+1, −1, +1, +1] → −0.33.
    const { counts } = confusionMatrix(pairs(["+", "+", "+", "-"], ["+", "-", "+", "+"]));
    expect(matthews(counts)).toBeCloseTo(-1 / 3, 12);
  });

  it("is the phi coefficient for two classes", () => {
    // (TP·TN − FP·FN) / √((TP+FP)(TP+FN)(TN+FP)(TN+FN)) = (20·15 − 10·5) / √(30·25·20·25) = 250 / √375000.
    expect(matthews([[20, 5], [10, 15]])).toBeCloseTo(250 / Math.sqrt(375000), 12);
  });

  it("follows Gorodkin's k-class formula", () => {
    // truth a,a,b,b,c,c  predicted a,b,b,b,c,a: c = 4 correct of s = 6; true counts t = (2,2,2), predicted p = (2,3,1).
    // (c·s − Σ p_k t_k) / √((s² − Σ p_k²)(s² − Σ t_k²)) = (24 − 12) / √((36 − 14)(36 − 12)) = 12 / √528.
    const { counts } = confusionMatrix(pairs(["a", "a", "b", "b", "c", "c"], ["a", "b", "b", "b", "c", "a"]));
    expect(matthews(counts)).toBeCloseTo(12 / Math.sqrt(528), 12);
  });

  it("is 1 for perfect agreement, −1 for perfect disagreement, null when a side used one class", () => {
    expect(matthews([[4, 0], [0, 6]])).toBe(1);
    expect(matthews([[0, 4], [6, 0]])).toBe(-1);
    expect(matthews([[4, 6], [0, 0]])).toBeNull();
    expect(matthews([[4, 0], [6, 0]])).toBeNull();
  });
});
