import { z } from "zod";

/** Where a machine score came from: our classifiers, or an outside evaluator over the API or in OTLP. */
export const scoreSources = ["classifier", "api", "otlp"] as const;
export type ScoreSource = (typeof scoreSources)[number];

export const MAX_SCORES_PER_REQUEST = 500;

const scoreFields = {
  traceId: z.string().regex(/^[0-9a-f]{32}$/, "trace ids are 32 lowercase hex characters"),
  evaluation: z.string().trim().min(1).max(200),
  // pass/fail as a boolean, a category's label, or a number in the config's range: as for annotations
  value: z.union([z.boolean(), z.number(), z.string().min(1)]),
  reason: z.string().max(20_000).optional(),
};

export const postScoreSchema = z.union(
  [
    z.object({ ...scoreFields, scoreConfigId: z.string().min(1), scoreConfig: z.string().min(1).optional() }),
    z.object({ ...scoreFields, scoreConfig: z.string().min(1) }),
  ],
  { error: "each score needs its score config: scoreConfigId, or scoreConfig (the config's name), and a traceId, evaluation and value" },
);

export const postScoresSchema = z.object({ scores: z.array(postScoreSchema).min(1).max(MAX_SCORES_PER_REQUEST) });
export type PostScoresInput = z.input<typeof postScoresSchema>;
