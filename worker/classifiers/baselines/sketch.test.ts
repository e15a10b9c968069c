import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RELATIVE_ACCURACY, Sketch } from "./sketch";

// Metric-shaped values: durations, token counts and costs span many orders of magnitude, and include zeros.
const metricValues = fc.array(
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 9, arbitrary: fc.double({ min: 1e-6, max: 1e7, noNaN: true, noDefaultInfinity: true }) },
  ),
  { minLength: 1, maxLength: 400 },
);
const quantile = fc.double({ min: 0, max: 1, noNaN: true });

function sketchOf(values: readonly number[]): Sketch {
  const sketch = Sketch.empty();
  for (const value of values) sketch.add(value);
  return sketch;
}

/** The exact quantile in DDSketch's convention: the value at rank floor(q × (n − 1)) of the sorted data. */
function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

function expectWithinAccuracy(actual: number | undefined, exact: number) {
  // A hair above 1% for floating-point rounding in the logarithmic mapping.
  expect(Math.abs(actual! - exact)).toBeLessThanOrEqual(exact * RELATIVE_ACCURACY * (1 + 1e-9));
}

describe("Sketch", () => {
  it("answers every quantile within 1% of the exact value", () => {
    fc.assert(
      fc.property(metricValues, quantile, (values, q) => {
        expectWithinAccuracy(sketchOf(values).quantile(q), exactQuantile(values, q));
      }),
      { numRuns: 300 },
    );
  });

  it("merges into the sketch of the combined data", () => {
    fc.assert(
      fc.property(metricValues, metricValues, quantile, (left, right, q) => {
        const merged = sketchOf(left);
        merged.merge(sketchOf(right));
        const whole = sketchOf([...left, ...right]);
        expect(merged.count).toBe(left.length + right.length);
        expect(merged.quantile(q)).toBe(whole.quantile(q));
        expectWithinAccuracy(merged.quantile(q), exactQuantile([...left, ...right], q));
      }),
      { numRuns: 200 },
    );
  });

  it("rebuilds from its stored JSON with the same quantiles, and keeps growing from there", () => {
    fc.assert(
      fc.property(metricValues, metricValues, quantile, (before, after, q) => {
        const original = sketchOf(before);
        const restored = Sketch.fromStored(JSON.parse(JSON.stringify(original.toStored())));
        expect(restored.quantiles()).toEqual(original.quantiles());
        for (const value of after) {
          original.add(value);
          restored.add(value);
        }
        expect(restored.quantile(q)).toBe(original.quantile(q));
        expect(restored.toStored()).toEqual(original.toStored());
      }),
      { numRuns: 200 },
    );
  });

  it("stays within its bin limit when tiny values stretch the range, and keeps the upper quantiles accurate", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1e7, noNaN: true }), { minLength: 200, maxLength: 400 }),
        fc.array(fc.double({ min: 1e-300, max: 1e-100, noNaN: true }), { minLength: 1, maxLength: 5 }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        (ordinary, tiny, q) => {
          const values = [...ordinary, ...tiny];
          const sketch = sketchOf(values);
          expect(sketch.toStored().bins.length).toBeLessThanOrEqual(2048);
          expectWithinAccuracy(sketch.quantile(q), exactQuantile(values, q));
        },
      ),
      { numRuns: 50 },
    );
  });

  it("has no quantiles while empty, survives storage empty, and refuses values no metric can take", () => {
    const empty = Sketch.empty();
    expect(empty.quantiles()).toBeUndefined();
    expect(Sketch.fromStored(empty.toStored()).count).toBe(0);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => empty.add(bad)).toThrow(RangeError);
    expect(() => Sketch.fromStored({ ...empty.toStored(), relativeAccuracy: 0.05 })).toThrow();
  });
});
