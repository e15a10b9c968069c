import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classificationMetrics } from "./classification";
import { confusionMatrix, type ConfusionMatrix } from "./confusion";
import type { Estimate } from "./estimate";

const matrix = (labels: string[], counts: number[][]): ConfusionMatrix => ({ labels, counts, n: counts.flat().reduce((a, b) => a + b, 0) });

// Rows: human verdict; columns: machine.
//        a  b  c
//   a [  5, 1, 0 ]   truth totals 6, 6, 8; predicted totals 7, 5, 8; 15 of 20 on the diagonal.
//   b [  2, 3, 1 ]
//   c [  0, 1, 7 ]
const threeWay = matrix(["a", "b", "c"], [[5, 1, 0], [2, 3, 1], [0, 1, 7]]);

describe("classification metrics", () => {
  it("computes accuracy, per-class precision, recall and F1, and the macro averages by hand", () => {
    const m = classificationMetrics(threeWay);
    expect(m.accuracy.value).toBeCloseTo(15 / 20, 12);
    const byLabel = Object.fromEntries(m.perClass.map((c) => [c.label, c]));
    expect(byLabel.a!.precision.value).toBeCloseTo(5 / 7, 12);
    expect(byLabel.b!.precision.value).toBeCloseTo(3 / 5, 12);
    expect(byLabel.c!.precision.value).toBeCloseTo(7 / 8, 12);
    expect(byLabel.a!.recall.value).toBeCloseTo(5 / 6, 12);
    expect(byLabel.b!.recall.value).toBeCloseTo(3 / 6, 12);
    expect(byLabel.c!.recall.value).toBeCloseTo(7 / 8, 12);
    // F1 = 2TP / (2TP + FP + FN) = 2TP / (truth + predicted)
    expect(byLabel.a!.f1.value).toBeCloseTo(10 / 13, 12);
    expect(byLabel.b!.f1.value).toBeCloseTo(6 / 11, 12);
    expect(byLabel.c!.f1.value).toBeCloseTo(14 / 16, 12);
    expect(byLabel.b).toMatchObject({ support: 6, predicted: 5 });
    expect(m.macro.precision.value).toBeCloseTo((5 / 7 + 3 / 5 + 7 / 8) / 3, 12);
    expect(m.macro.recall.value).toBeCloseTo((5 / 6 + 1 / 2 + 7 / 8) / 3, 12);
    expect(m.macro.f1.value).toBeCloseTo((10 / 13 + 6 / 11 + 7 / 8) / 3, 12);
    // p_e = (6·7 + 6·5 + 8·8) / 400 = 0.34
    expect(m.kappa.value).toBeCloseTo((0.75 - 0.34) / (1 - 0.34), 12);
    // Gorodkin: (c·s − Σ p_k t_k) / √((s² − Σ p_k²)(s² − Σ t_k²)) = (300 − 136) / √(262 · 264)
    expect(m.mcc.value).toBeCloseTo(164 / Math.sqrt(262 * 264), 12);
  });

  it("names each interval's method and reproduces bootstrap intervals exactly for a fixed seed", () => {
    const m = classificationMetrics(threeWay);
    expect(m.accuracy.ci?.method).toBe("wilson");
    expect(m.perClass[0]!.precision.ci?.method).toBe("wilson");
    expect(m.kappa.ci?.method).toBe("fleiss-cohen-everitt");
    expect(m.mcc.ci?.method).toBe("bootstrap-percentile");
    expect(m.macro.f1.ci?.method).toBe("bootstrap-percentile");
    expect(classificationMetrics(threeWay)).toEqual(m);
    const otherSeed = classificationMetrics(threeWay, { seed: 7 });
    expect(otherSeed.mcc.value).toBe(m.mcc.value);
    expect(otherSeed.mcc.ci).not.toEqual(m.mcc.ci);
    for (const e of [m.mcc, m.macro.f1, m.perClass[2]!.f1]) {
      expect(e.ci!.low).toBeLessThan(e.value!);
      expect(e.ci!.high).toBeGreaterThan(e.value!);
    }
  });

  it("narrows the intervals as the same rates rest on more pairs", () => {
    const scaled = matrix(threeWay.labels, threeWay.counts.map((row) => row.map((c) => c * 10)));
    const small = classificationMetrics(threeWay);
    const large = classificationMetrics(scaled);
    expect(large.mcc.value).toBeCloseTo(small.mcc.value!, 12);
    const width = (e: Estimate) => e.ci!.high - e.ci!.low;
    for (const pick of [(m: typeof small) => m.accuracy, (m: typeof small) => m.kappa, (m: typeof small) => m.mcc, (m: typeof small) => m.macro.f1]) {
      expect(width(pick(large))).toBeLessThan(width(pick(small)) / 2);
    }
  });

  it("handles perfect disagreement", () => {
    const m = classificationMetrics(matrix(["pass", "fail"], [[0, 6], [4, 0]]));
    expect(m.accuracy.value).toBe(0);
    expect(m.kappa.value).toBeLessThan(0);
    expect(m.mcc.value).toBe(-1);
    expect(m.perClass.map((c) => c.f1.value)).toEqual([0, 0]);
  });

  it("handles one class only: accuracy stands, kappa and MCC are null with reasons", () => {
    const m = classificationMetrics(matrix(["pass", "fail"], [[9, 0], [0, 0]]));
    expect(m.accuracy.value).toBe(1);
    expect(m.kappa).toMatchObject({ value: null, reason: expect.any(String) });
    expect(m.mcc).toMatchObject({ value: null, reason: expect.stringContaining("single class") });
    const fail = m.perClass.find((c) => c.label === "fail")!;
    expect(fail.precision).toMatchObject({ value: null, reason: 'the machine never said "fail"' });
    expect(fail.recall).toMatchObject({ value: null, reason: 'no human verdict is "fail"' });
    expect(fail.f1.value).toBeNull();
    // Macro averages only cover labels seen on either side.
    expect(m.macro.f1.value).toBe(1);
  });

  it("answers null with a reason for fewer than two pairs", () => {
    for (const one of [confusionMatrix([]), confusionMatrix([{ truth: "x", predicted: "x" }])]) {
      const m = classificationMetrics(one);
      for (const e of [m.accuracy, m.kappa, m.mcc, m.macro.f1, m.macro.precision, m.macro.recall]) {
        expect(e).toMatchObject({ value: null, ci: null, reason: expect.stringContaining("at least 2") });
      }
    }
  });

  it("never produces NaN, and keeps every value and interval in range", () => {
    const cell = fc.integer({ min: 0, max: 12 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain((k) => fc.array(fc.array(cell, { minLength: k, maxLength: k }), { minLength: k, maxLength: k })), (counts) => {
        const labels = counts.map((_, i) => `l${i}`);
        const m = classificationMetrics(matrix(labels, counts), { replicates: 40 });
        const estimates = [m.accuracy, m.kappa, m.mcc, m.macro.f1, m.macro.precision, m.macro.recall, ...m.perClass.flatMap((c) => [c.precision, c.recall, c.f1])];
        for (const e of estimates) {
          if (e.value === null) expect(e.reason).toEqual(expect.any(String));
          else {
            expect(Number.isFinite(e.value)).toBe(true);
            expect(e.value).toBeGreaterThanOrEqual(-1);
            expect(e.value).toBeLessThanOrEqual(1);
          }
          if (e.ci) expect(Number.isFinite(e.ci.low) && Number.isFinite(e.ci.high) && e.ci.low <= e.ci.high).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("confusion matrix", () => {
  it("keeps the given label order, appends unseen labels sorted, and counts truth × predicted", () => {
    const m = confusionMatrix(
      [
        { truth: "good", predicted: "bad" },
        { truth: "good", predicted: "good" },
        { truth: "ugly", predicted: "bad" },
        { truth: "meh", predicted: "good" },
      ],
      ["good", "bad", "ugly"],
    );
    expect(m.labels).toEqual(["good", "bad", "ugly", "meh"]);
    expect(m.counts).toEqual([
      [1, 1, 0, 0],
      [0, 0, 0, 0],
      [0, 1, 0, 0],
      [1, 0, 0, 0],
    ]);
    expect(m.n).toBe(4);
  });
});
