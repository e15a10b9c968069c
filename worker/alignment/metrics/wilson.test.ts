import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { proportion, wilsonInterval } from "./wilson";

describe("Wilson score interval", () => {
  // Newcombe, "Two-sided confidence intervals for the single proportion", Statistics in Medicine 17 (1998),
  // Table II, method 3 (score interval without continuity correction), to the four decimals published.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])("%i of %i gives Newcombe's published interval", (k, n, low, high) => {
    const ci = wilsonInterval(k, n)!;
    expect(ci.low).toBeCloseTo(low, 4);
    expect(ci.high).toBeCloseTo(high, 4);
    expect(ci.method).toBe("wilson");
  });

  it("always lies in [0, 1] around the observed proportion", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, share) => {
        const k = Math.round(share * n);
        const ci = wilsonInterval(k, n)!;
        return ci.low >= 0 && ci.high <= 1 && ci.low <= k / n + 1e-12 && k / n <= ci.high + 1e-12;
      }),
    );
  });

  it("answers null with a reason below two observations, never NaN", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(proportion(0, 0)).toMatchObject({ value: null, ci: null, reason: expect.stringContaining("at least 2") });
    expect(proportion(1, 1)).toMatchObject({ value: null, reason: expect.any(String) });
    expect(proportion(2, 2)).toMatchObject({ value: 1, ci: { high: 1 } });
  });
});
