import { confusionMatrix } from "./confusion";
import type { Estimate } from "./estimate";
import { cohensKappa } from "./kappa";
import { proportion } from "./wilson";
import { krippendorffAlpha, type AlphaResult, type MeasurementLevel, type RatingValue } from "./krippendorff";

export interface Rating {
  unit: string;
  rater: string;
  value: RatingValue;
}

export interface PairAgreement {
  raters: [string, string];
  /** Items both reviewers rated. */
  n: number;
  /** Share of those items where they gave exactly the same value (Wilson interval). */
  agreement: Estimate;
  /** Cohen's kappa between the two (nominal scores only). */
  kappa: Estimate | null;
  /** Krippendorff's alpha restricted to the two, at the score's level. */
  alpha: AlphaResult;
}

/** Ratings as units × raters, for krippendorffAlpha; raters in first-seen order. */
export function unitsOf(ratings: readonly Rating[]): { raters: string[]; units: (RatingValue | null)[][] } {
  const raters = [...new Set(ratings.map((r) => r.rater))];
  const column = new Map(raters.map((r, i) => [r, i]));
  const byUnit = new Map<string, (RatingValue | null)[]>();
  for (const { unit, rater, value } of ratings) {
    const row = byUnit.get(unit) ?? raters.map(() => null);
    row[column.get(rater)!] = value;
    byUnit.set(unit, row);
  }
  return { raters, units: [...byUnit.values()] };
}

/** Agreement between every pair of reviewers who rated at least one item in common, most shared items first. */
export function pairwiseAgreement(ratings: readonly Rating[], level: MeasurementLevel): PairAgreement[] {
  const { raters, units } = unitsOf(ratings);
  const pairs: PairAgreement[] = [];
  for (let a = 0; a < raters.length; a++) {
    for (let b = a + 1; b < raters.length; b++) {
      const shared = units.flatMap((row) => (row[a] != null && row[b] != null ? [[row[a]!, row[b]!] as const] : []));
      if (shared.length === 0) continue;
      const same = shared.filter(([x, y]) => (level === "interval" ? Number(x) === Number(y) : String(x) === String(y))).length;
      const kappa =
        level === "nominal"
          ? cohensKappa(confusionMatrix(shared.map(([x, y]) => ({ truth: String(x), predicted: String(y) }))).counts)
          : null;
      pairs.push({
        raters: [raters[a]!, raters[b]!],
        n: shared.length,
        agreement: proportion(same, shared.length, "shared items"),
        kappa,
        alpha: krippendorffAlpha(shared, level),
      });
    }
  }
  return pairs.sort((x, y) => y.n - x.n || x.raters.join().localeCompare(y.raters.join()));
}
