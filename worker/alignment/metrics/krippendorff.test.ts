import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { krippendorffAlpha, type Unit } from "./krippendorff";

// Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), section C: four observers, twelve units,
// values 1–5, with missing data. Published: nominal α = 0.743, interval α = 0.849. Unit 12 has a single value
// and is not pairable; the other eleven hold 40 pairable values.
const _ = null;
const observers = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];
const units: Unit[] = observers[0]!.map((_, u) => observers.map((o) => o[u]));

describe("Krippendorff's alpha", () => {
  it("reproduces Krippendorff's worked example with missing values, nominal and interval", () => {
    const nominal = krippendorffAlpha(units, "nominal");
    expect(nominal.value).toBeCloseTo(0.743, 3);
    expect(nominal).toMatchObject({ pairableUnits: 11, pairableValues: 40, n: 11 });
    expect(krippendorffAlpha(units, "interval").value).toBeCloseTo(0.849, 3);
  });

  it("reproduces Krippendorff's binary two-observer example (α = 0.095)", () => {
    const a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    const b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    expect(krippendorffAlpha(a.map((x, i) => [x, b[i]]), "nominal").value).toBeCloseTo(0.095, 3);
  });

  it("is −0.75 for two observers who always disagree on four binary units (by hand)", () => {
    // Coincidences: o(0,1) = o(1,0) = 4, n₀ = n₁ = 4, n = 8. α = 1 − (n − 1)·Σo·δ / Σ n_c·n_k·δ = 1 − 7·8/32.
    expect(krippendorffAlpha([[0, 1], [1, 0], [0, 1], [1, 0]], "nominal").value).toBeCloseTo(-0.75, 12);
  });

  it("is 1 for perfect agreement, whatever is missing", () => {
    expect(krippendorffAlpha([["a", "a", _], ["b", _, "b"], [_, "c", "c"]], "nominal").value).toBe(1);
    expect(krippendorffAlpha([[1.5, 1.5], [4, 4], [2, 2, 2]], "interval").value).toBe(1);
  });

  it("is undefined, with a reason, when every rating is the same value (one class only)", () => {
    const result = krippendorffAlpha([["pass", "pass"], ["pass", "pass", "pass"]], "nominal");
    expect(result).toMatchObject({ value: null, ci: null, reason: expect.stringContaining("no variation") });
    expect(krippendorffAlpha([[3, 3], [3, 3]], "interval").value).toBeNull();
  });

  it("is undefined when no unit has two ratings", () => {
    expect(krippendorffAlpha([["a", _], [_, "b"], []], "nominal")).toMatchObject({ value: null, pairableUnits: 0, reason: expect.stringContaining("two or more") });
    expect(krippendorffAlpha([], "interval").value).toBeNull();
  });

  it("weighs interval disagreements by squared distance, nominal ones all alike", () => {
    // Same values overall, same agreeing and disagreeing units; only how far apart the disagreements are differs.
    const near = [[4, 5], [5, 4], [1, 1], [9, 9]];
    const far = [[1, 9], [9, 1], [4, 4], [5, 5]];
    expect(krippendorffAlpha(near, "interval").value!).toBeGreaterThan(krippendorffAlpha(far, "interval").value!);
    expect(krippendorffAlpha(near, "nominal").value).toBeCloseTo(krippendorffAlpha(far, "nominal").value!, 12);
  });

  it("has a reproducible bootstrap interval over units", () => {
    const first = krippendorffAlpha(units, "nominal");
    expect(first.ci).toMatchObject({ method: "bootstrap-percentile" });
    expect(first.ci!.low).toBeLessThan(first.value!);
    expect(first.ci!.high).toBeGreaterThan(first.value!);
    expect(first.ci!.high).toBeLessThanOrEqual(1);
    expect(krippendorffAlpha(units, "nominal")).toEqual(first);
  });

  it("equals 1 − (1 − π)(2n − 1)/(2n) for two observers without missing data (Scott's π)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), { minLength: 2, maxLength: 40 }), (pairs) => {
        const n = pairs.length;
        const observed = pairs.filter(([x, y]) => x === y).length / n;
        const pooled = [0, 1, 2, 3].map((c) => pairs.reduce((s, [x, y]) => s + (x === c ? 1 : 0) + (y === c ? 1 : 0), 0) / (2 * n));
        const expected = pooled.reduce((s, p) => s + p * p, 0);
        const alpha = krippendorffAlpha(pairs, "nominal", { replicates: 10 }).value;
        if (expected === 1) return alpha === null;
        const pi = (observed - expected) / (1 - expected);
        return Math.abs(alpha! - (1 - ((1 - pi) * (2 * n - 1)) / (2 * n))) < 1e-9;
      }),
    );
  });
});
