import { describe, expect, it } from "vitest";
import { averageRanks, pearson, spearman, type NumberPair } from "./correlation";
import { meanAbsoluteError, rootMeanSquaredError } from "./errors";

const zip = (truth: number[], predicted: number[]): NumberPair[] => truth.map((t, i) => ({ truth: t, predicted: predicted[i]! }));

// Humans 1..10; machine close but shuffled, with a tie at 10. Reference values from SciPy 1.17:
// pearsonr → 0.9358192003574063, Fisher-z interval (0.7453873177312378, 0.9850423891343215);
// spearmanr (average ranks) → 0.9361745372672995.
const humans = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const machine = [2, 1, 4, 3, 7, 8, 6, 9, 10, 10];
const data = zip(humans, machine);

describe("Pearson and Spearman", () => {
  it("match SciPy, with Fisher-z intervals", () => {
    const r = pearson(data);
    expect(r.value).toBeCloseTo(0.9358192003574063, 12);
    expect(r.ci).toMatchObject({ method: "fisher-z" });
    expect(r.ci!.low).toBeCloseTo(0.7453873177312378, 6);
    expect(r.ci!.high).toBeCloseTo(0.9850423891343215, 6);
    const rho = spearman(data);
    expect(rho.value).toBeCloseTo(0.9361745372672995, 12);
    // Fieller–Hartley–Pearson: z ± 1.96·√(1.06 / (n − 3)), here √(1.06 / 7).
    const z = Math.atanh(rho.value!);
    const se = Math.sqrt(1.06 / 7);
    expect(rho.ci!.low).toBeCloseTo(Math.tanh(z - 1.959963984540054 * se), 12);
    expect(rho.ci!.high).toBeCloseTo(Math.tanh(z + 1.959963984540054 * se), 12);
  });

  it("averages tied ranks", () => {
    expect(averageRanks([10, 20, 20, 30, 20])).toEqual([1, 3, 3, 5, 3]);
    expect(averageRanks([5, 5])).toEqual([1.5, 1.5]);
  });

  it("is rank-based: a monotone but curved relation gets rho = 1 and r < 1", () => {
    const curved = zip([1, 2, 3, 4, 5, 6], [1, 4, 9, 16, 25, 36]);
    expect(spearman(curved).value).toBeCloseTo(1, 12);
    expect(pearson(curved).value).toBeLessThan(1);
  });

  it("gives a degenerate interval, not NaN, for a perfect correlation", () => {
    const r = pearson(zip([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]));
    expect(r.value).toBeCloseTo(1, 12);
    expect(r.ci!.low).toBeCloseTo(1, 12);
    expect(r.ci!.high).toBe(1);
    const inverse = spearman(zip([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]));
    expect(inverse.value).toBeCloseTo(-1, 12);
    expect(Number.isNaN(inverse.ci!.low)).toBe(false);
  });

  it("is null with a reason when one side is constant or there are too few pairs", () => {
    expect(pearson(zip([1, 2, 3, 4], [3, 3, 3, 3]))).toMatchObject({ value: null, reason: expect.stringContaining("same value") });
    expect(spearman(zip([2, 2, 2], [1, 2, 3]))).toMatchObject({ value: null });
    expect(pearson(zip([1, 2], [1, 2]))).toMatchObject({ value: null, n: 2, reason: expect.stringContaining("at least 3") });
    const three = pearson(zip([1, 2, 3], [1, 3, 2]));
    expect(three).toMatchObject({ value: 0.5, ci: null, reason: expect.stringContaining("at least 4") });
  });
});

describe("MAE and RMSE", () => {
  it("are the mean absolute and root mean squared differences", () => {
    // errors 1, −1, 1, −1, 2, 2, −1, 1, 1, 0: Σ|e| = 11, Σe² = 15
    expect(meanAbsoluteError(data).value).toBeCloseTo(11 / 10, 12);
    expect(rootMeanSquaredError(data).value).toBeCloseTo(Math.sqrt(15 / 10), 12);
  });

  it("have reproducible bootstrap intervals around the value", () => {
    const mae = meanAbsoluteError(data);
    expect(meanAbsoluteError(data)).toEqual(mae);
    expect(mae.ci).toMatchObject({ method: "bootstrap-percentile" });
    expect(mae.ci!.low).toBeLessThan(mae.value!);
    expect(mae.ci!.high).toBeGreaterThan(mae.value!);
    const rmse = rootMeanSquaredError(data);
    expect(rmse.ci!.low).toBeGreaterThanOrEqual(0);
    expect(rmse.ci!.high).toBeGreaterThan(rmse.value!);
  });

  it("are exactly zero, interval included, when the machine matches every human", () => {
    expect(meanAbsoluteError(zip([1, 2, 3], [1, 2, 3]))).toMatchObject({ value: 0, ci: { low: 0, high: 0 } });
  });

  it("need two pairs", () => {
    expect(meanAbsoluteError(zip([1], [3]))).toMatchObject({ value: null, reason: expect.stringContaining("at least 2") });
    expect(rootMeanSquaredError([])).toMatchObject({ value: null, n: 0 });
  });
});
