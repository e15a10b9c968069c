import { describe, expect, it } from "vitest";
import { alphaBand, kappaBand, readTrust } from "./interpret";
import type { Estimate } from "./metrics/estimate";

const est = (value: number | null, low?: number, high?: number): Estimate => ({
  value,
  ci: low === undefined ? null : { low, high: high ?? 1, method: "fleiss-cohen-everitt" },
  n: 50,
  reason: value === null ? "one class only" : null,
});

describe("reading the numbers", () => {
  it("names kappa by Landis & Koch's bands and alpha by Krippendorff's thresholds", () => {
    expect([-0.1, 0.1, 0.3, 0.5, 0.7, 0.9].map(kappaBand)).toEqual(["worse than chance", "slight", "fair", "moderate", "substantial", "almost perfect"]);
    expect([0.85, 0.7, 0.5].map(alphaBand)).toEqual(["reliable", "tentative", "unreliable"]);
  });

  it("trusts an evaluation only when the interval's lower bound is strong", () => {
    expect(readTrust(est(0.85, 0.7, 0.95), "kappa", 50).trust).toBe("trustworthy");
    expect(readTrust(est(0.85, 0.5, 1), "kappa", 50).trust).toBe("use-with-care");
    expect(readTrust(est(0.3, 0.1, 0.5), "kappa", 50).trust).toBe("not-trustworthy");
    expect(readTrust(est(0.9), "rho", 50).trust).toBe("use-with-care");
    expect(readTrust(est(0.85, 0.7, 0.95), "kappa", 50).summary).toContain("almost perfect agreement");
  });

  it("says when there is too little to judge, and why", () => {
    expect(readTrust(est(1, 1, 1), "kappa", 4)).toMatchObject({ trust: "not-enough-data", summary: expect.stringContaining("4 traces compared") });
    expect(readTrust(est(null), "kappa", 40).summary).toContain("one class only");
  });
});
