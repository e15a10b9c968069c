import { describe, expect, it } from "vitest";
import { krippendorffAlpha } from "./krippendorff";
import { pairwiseAgreement, unitsOf, type Rating } from "./pairwise";

const ratings = (rows: [string, string, string | number][]): Rating[] => rows.map(([unit, rater, value]) => ({ unit, rater, value }));

describe("pairwise reviewer agreement", () => {
  const data = ratings([
    ["t1", "ana", "pass"], ["t1", "bo", "pass"], ["t1", "cy", "fail"],
    ["t2", "ana", "fail"], ["t2", "bo", "fail"],
    ["t3", "ana", "pass"], ["t3", "bo", "fail"], ["t3", "cy", "pass"],
    ["t4", "bo", "pass"], ["t4", "cy", "pass"],
    ["t5", "ana", "pass"],
  ]);

  it("compares every pair of reviewers on the items both rated", () => {
    const pairs = pairwiseAgreement(data, "nominal");
    expect(pairs.map((p) => [p.raters, p.n])).toEqual([
      [["ana", "bo"], 3],
      [["bo", "cy"], 3],
      [["ana", "cy"], 2],
    ]);
    const anaBo = pairs[0]!;
    // t1 same, t2 same, t3 differ
    expect(anaBo.agreement.value).toBeCloseTo(2 / 3, 12);
    expect(anaBo.agreement.ci?.method).toBe("wilson");
    // ana: pass, fail, pass; bo: pass, fail, fail → [[1, 1], [0, 1]] (rows ana pass/fail): p_o = 2/3,
    // p_e = (2/3)(1/3) + (1/3)(2/3) = 4/9, κ = (2/3 − 4/9) / (5/9) = 0.4
    expect(anaBo.kappa?.value).toBeCloseTo(0.4, 12);
    expect(anaBo.alpha.value).toBeCloseTo(krippendorffAlpha([["pass", "pass"], ["fail", "fail"], ["pass", "fail"]], "nominal").value!, 12);
    // bo–cy: t1 differ, t3 differ, t4 same
    expect(pairs[1]!.agreement.value).toBeCloseTo(1 / 3, 12);
  });

  it("skips pairs with nothing in common and leaves kappa out for interval scores", () => {
    const numeric = ratings([["t1", "ana", 3], ["t1", "bo", 4], ["t2", "ana", 5], ["t2", "bo", 5], ["t3", "cy", 1]]);
    const pairs = pairwiseAgreement(numeric, "interval");
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ raters: ["ana", "bo"], n: 2, kappa: null, agreement: { value: 0.5 } });
  });

  it("lays ratings out as units × raters with gaps for missing ratings", () => {
    expect(unitsOf(data.slice(0, 5))).toEqual({
      raters: ["ana", "bo", "cy"],
      units: [["pass", "pass", "fail"], ["fail", "fail", null]],
    });
  });
});
