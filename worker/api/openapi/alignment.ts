import { z } from "@hono/zod-openapi";
import type { ReviewerAgreementView, EvaluationAlignment, EvaluationSummary } from "../../alignment/service";
import { scoreTypes } from "../../db/schema";
import { epochMs, pageOf } from "./common";
import { describes } from "./exact";

// Alignment answers: every statistic is an Estimate (value, 95% interval and its method, n, or null with a reason).

/** `.nullable()` on a named schema renders as allOf [$ref, {type: [object, null]}], which refuses null; anyOf does not. */
const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

const interval = z
  .object({
    low: z.number(),
    high: z.number(),
    method: z.enum(["wilson", "fleiss-cohen-everitt", "fisher-z", "fisher-z-fieller", "bootstrap-percentile"]).openapi({
      description:
        "wilson: Wilson score interval (proportions). fleiss-cohen-everitt: large-sample SE of kappa. fisher-z: Fisher's z with SE 1/√(n−3) (Pearson); " +
        "fisher-z-fieller: with SE √(1.06/(n−3)) (Spearman). bootstrap-percentile: 1,000 resamples with a fixed seed.",
    }),
  })
  .openapi("Interval", { description: "A 95% confidence interval." });

const estimate = z
  .object({
    value: z.number().nullable().openapi({ description: "Null when the statistic is undefined for this data; `reason` says why. Never NaN." }),
    ci: orNull(interval),
    n: z.number().int().openapi({ description: "Observations the value rests on." }),
    reason: z.string().nullable(),
  })
  .openapi("Estimate");

const alpha = estimate
  .extend({
    pairableUnits: z.number().int().openapi({ description: "Traces rated by two or more reviewers." }),
    pairableValues: z.number().int().openapi({ description: "Ratings inside those traces." }),
  })
  .openapi("AlphaEstimate", { description: "Krippendorff's alpha; interval by bootstrap over traces." });

const scoreConfig = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.enum(scoreTypes),
    categories: z.array(z.string()).nullable(),
    minValue: z.number().nullable(),
    maxValue: z.number().nullable(),
  })
  .openapi("AlignmentScoreConfig");

const verdict = z.union([z.string(), z.number()]).openapi({ description: '"pass"/"fail" for boolean scores, the category, or the number.' });

const classMetrics = z
  .object({
    label: z.string(),
    support: z.number().int().openapi({ description: "Traces the humans gave this label." }),
    predicted: z.number().int().openapi({ description: "Traces the machine gave this label." }),
    precision: estimate,
    recall: estimate,
    f1: estimate,
  })
  .openapi("ClassMetrics");

const classification = z
  .object({
    labels: z.array(z.string()),
    matrix: z.array(z.array(z.number().int())).openapi({ description: "Confusion matrix: rows are the human verdicts, columns the machine's, both in `labels` order." }),
    positiveLabel: z.string().nullable().openapi({ description: '"pass" for boolean scores (the class stored as 1); null for categorical ones.' }),
    accuracy: estimate,
    kappa: estimate,
    mcc: estimate,
    perClass: z.array(classMetrics),
    macro: z.object({ precision: estimate, recall: estimate, f1: estimate }),
  })
  .openapi("ClassificationAlignment");

const numeric = z
  .object({
    pearson: estimate,
    spearman: estimate,
    mae: estimate,
    rmse: estimate,
    tolerance: z.number().openapi({ description: "Differences above this count as disagreements." }),
  })
  .openapi("NumericAlignment");

const driftPoint = z
  .object({
    start: epochMs("Start of the bucket, UTC"),
    n: z.number().int(),
    accuracy: orNull(estimate),
    kappa: orNull(estimate),
    mae: orNull(estimate),
    pearson: orNull(estimate),
  })
  .openapi("DriftPoint", { description: "Accuracy and kappa for label scores; MAE and Pearson for numeric ones." });

const disagreement = z
  .object({
    traceId: z.string(),
    traceName: z.string(),
    startedAt: epochMs("When the trace started"),
    machine: verdict,
    human: verdict,
    humanRatings: z.number().int().openapi({ description: "Reviewers whose verdicts make up `human` (majority, or mean for numbers)." }),
    queueId: z.string().nullable().openapi({ description: "Queue of the latest human verdict, for its review screen." }),
    source: z.string(),
    reason: z.string().nullable().openapi({ description: "The machine's reason." }),
    error: z.number().nullable().openapi({ description: "Numeric scores: |machine − human|." }),
  })
  .openapi("Disagreement");

export const alignmentSchema = describes<EvaluationAlignment>()(
  z
    .object({
      evaluation: z.string(),
      scoreConfig: orNull(scoreConfig),
      scoreConfigs: z.array(z.object({ id: z.string().nullable(), name: z.string().nullable(), scores: z.number().int() })),
      sources: z.array(z.string()),
      source: z.string().nullable(),
      counts: z.object({
        machineScores: z.number().int(),
        humanVerdicts: z.number().int(),
        pairs: z.number().int(),
        ties: z.number().int().openapi({ description: "Traces left out because their reviewers split evenly." }),
      }),
      reason: z.string().nullable().openapi({ description: "Why there is nothing to compare, when there is not." }),
      classification: orNull(classification),
      numeric: orNull(numeric),
      drift: z.object({ bucket: z.enum(["week", "day"]), points: z.array(driftPoint) }),
      disagreements: pageOf(disagreement, "DisagreementPage"),
    })
    .openapi("EvaluationAlignment"),
);

export const evaluationSummarySchema = describes<EvaluationSummary>()(
  z
    .object({
      evaluation: z.string(),
      scores: z.number().int(),
      traces: z.number().int(),
      sources: z.array(z.string()),
      scoreConfigs: z.array(z.string()).openapi({ description: "Names of the score configs its scores use." }),
      withHumanVerdict: z.number().int().openapi({ description: "Scores whose trace has a published human verdict on the same config." }),
      lastScoredAt: epochMs("Latest score"),
    })
    .openapi("EvaluationSummary"),
);

const reviewer = z.object({ id: z.string(), name: z.string(), ratings: z.number().int() }).openapi("AgreementReviewer");

export const reviewerAgreementSchema = describes<ReviewerAgreementView>()(
  z
    .object({
      scoreConfig,
      queueId: z.string().nullable(),
      queues: z.array(z.object({ id: z.string(), name: z.string(), reviewersPerItem: z.number().int() })),
      level: z.enum(["nominal", "interval"]).openapi({ description: "nominal for boolean and categorical scores, interval for numeric ones." }),
      traces: z.number().int(),
      reviewers: z.array(reviewer),
      alpha,
      pairs: z.array(
        z.object({
          reviewers: z.tuple([reviewer, reviewer]),
          n: z.number().int().openapi({ description: "Traces both rated." }),
          agreement: estimate,
          kappa: orNull(estimate).openapi({ description: "Cohen's kappa; nominal scores only." }),
          alpha,
        }),
      ),
    })
    .openapi("ReviewerAgreement"),
);
