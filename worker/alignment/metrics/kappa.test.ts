import { describe, expect, it } from "vitest";
import { cohensKappa } from "./kappa";

// Rows are one rater (the humans), columns the other (the machine).

describe("Cohen's kappa", () => {
  it("gives the textbook value for the classic 2×2 example", () => {
    // 50 items: 20 both yes, 15 both no, 5 and 10 split. p_o = 35/50 = 0.7; p_e = 0.5·0.6 + 0.5·0.4 = 0.5;
    // κ = (0.7 − 0.5) / (1 − 0.5) = 0.4.
    expect(cohensKappa([[20, 5], [10, 15]]).value).toBeCloseTo(0.4, 12);
  });

  it("matches the published Fleiss–Paik standard error (statpsych::ci.kappa reference output)", () => {
    // ci.kappa(.05, f00 = 31, f01 = 12, f10 = 4, f11 = 58): Cohen kappa 0.6756757, SE 0.07344761, 0.5317210 to 0.8196303.
    const result = cohensKappa([[31, 12], [4, 58]]);
    expect(result.value).toBeCloseTo(0.6756757, 7);
    expect(result.ci?.low).toBeCloseTo(0.531721, 6);
    expect(result.ci?.high).toBeCloseTo(0.8196303, 6);
    expect(result.ci?.method).toBe("fleiss-cohen-everitt");
  });

  it("matches Stata's kapci analytical interval on a large table", () => {
    // Statalist 2009-12 #320, N = 1932: kappa .3411969207847029, 95% CI .2896667786271169 to .3927270629422889.
    const result = cohensKappa([[1395, 118], [261, 158]]);
    expect(result.value).toBeCloseTo(0.3411969207847029, 12);
    expect(result.ci?.low).toBeCloseTo(0.2896667786271169, 10);
    expect(result.ci?.high).toBeCloseTo(0.3927270629422889, 10);
  });

  it("is 1 with a degenerate interval for perfect agreement, and −1 for perfect disagreement", () => {
    expect(cohensKappa([[7, 0], [0, 3]])).toMatchObject({ value: 1, ci: { low: 1, high: 1 } });
    const opposite = cohensKappa([[0, 5], [5, 0]]);
    expect(opposite.value).toBeCloseTo(-1, 12);
    expect(opposite.ci!.low).toBeGreaterThanOrEqual(-1);
  });

  it("is undefined, with a reason, when both sides used one and the same class", () => {
    const result = cohensKappa([[12, 0], [0, 0]]);
    expect(result).toMatchObject({ value: null, ci: null, n: 12 });
    expect(result.reason).toMatch(/single, identical class/);
  });

  it("stays defined when only one side used a single class (chance agreement below 1)", () => {
    // Humans split 6/4, machine always "yes": p_o = 0.6, p_e = 0.6, κ = 0.
    expect(cohensKappa([[6, 0], [4, 0]]).value).toBeCloseTo(0, 12);
  });

  it("needs two items", () => {
    expect(cohensKappa([[1, 0], [0, 0]])).toMatchObject({ value: null, n: 1, reason: expect.stringContaining("at least 2") });
    expect(cohensKappa([[0]])).toMatchObject({ value: null, n: 0 });
  });
});
