import { krippendorffAlpha, type AlphaResult, type MeasurementLevel } from "./metrics/krippendorff";
import { pairwiseAgreement, unitsOf, type PairAgreement, type Rating } from "./metrics/pairwise";
import { latestRatings, type HumanVerdictRow, type ScoreConfig } from "./pairs";

// Is the ground truth itself solid? Agreement among reviewers on one score config, from each reviewer's latest
// published verdict per trace. Only signed-in reviewers count: API-key annotations have no reviewer to compare.

export interface Reviewer {
  id: string;
  name: string;
  /** Traces this reviewer gave a verdict on. */
  ratings: number;
}

export interface ReviewerPair extends Omit<PairAgreement, "raters"> {
  reviewers: [Reviewer, Reviewer];
}

export interface ReviewerAgreement {
  level: MeasurementLevel;
  /** Traces with at least one reviewer verdict. */
  traces: number;
  reviewers: Reviewer[];
  alpha: AlphaResult;
  pairs: ReviewerPair[];
}

export const levelOf = (config: Pick<ScoreConfig, "type">): MeasurementLevel => (config.type === "numeric" ? "interval" : "nominal");

export function reviewerAgreement(config: ScoreConfig, rows: readonly HumanVerdictRow[], names: ReadonlyMap<string, string>): ReviewerAgreement {
  const level = levelOf(config);
  const byTrace = latestRatings(config, rows.filter((r) => r.authorId !== null));
  const ratings: Rating[] = [...byTrace.values()].flat().map((r) => ({ unit: r.traceId, rater: r.authorId!, value: r.verdict }));
  const { raters, units } = unitsOf(ratings);
  const counts = Map.groupBy(ratings, (r) => r.rater);
  const reviewer = (id: string): Reviewer => ({ id, name: names.get(id) ?? id, ratings: counts.get(id)?.length ?? 0 });
  return {
    level,
    traces: units.length,
    reviewers: raters.map(reviewer).sort((a, b) => b.ratings - a.ratings || a.name.localeCompare(b.name)),
    alpha: krippendorffAlpha(units, level),
    pairs: pairwiseAgreement(ratings, level).map(({ raters: [a, b], ...rest }) => ({ reviewers: [reviewer(a), reviewer(b)], ...rest })),
  };
}
