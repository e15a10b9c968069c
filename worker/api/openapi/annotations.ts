import { z } from "@hono/zod-openapi";
import { annotationTargetSchema, type createAnnotation, type listAnnotations, type listScoreConfigs } from "../../annotations/service";
import { scoreTypes } from "../../db/schema";
import { epochMs } from "./common";
import { describes } from "./exact";

type Row<F extends (...args: never[]) => Promise<unknown[]>> = Awaited<ReturnType<F>>[number];

const target = annotationTargetSchema.openapi("AnnotationTarget");

export const annotationSchema = describes<Row<typeof listAnnotations>>()(
  z
    .object({
      id: z.string(),
      traceId: z.string(),
      queueId: z.string().nullable(),
      authorId: z.string().nullable(),
      authorName: z.string().nullable().openapi({ description: "Null for API keys and classifiers." }),
      scoreConfigId: z.string().nullable().openapi({ description: "Null only on a classifier's draft that carries no score yet." }),
      scoreName: z.string().nullable(),
      scoreType: z.enum(scoreTypes).nullable(),
      valueNumber: z.number().nullable().openapi({ description: "Boolean (pass = 1, fail = 0) and numeric scores." }),
      valueLabel: z.string().nullable().openapi({ description: "Categorical scores." }),
      comment: z.string(),
      // Stored as validated on the way in (an AnnotationTarget), but read back untyped.
      target: z.unknown().openapi({ description: "An AnnotationTarget." }),
      issueId: z.string().nullable(),
      issueTitle: z.string().nullable(),
      status: z.enum(["draft", "published", "rejected"]).openapi({
        description: "Drafts (from classifiers) wait for a reviewer; only published human annotations count as human verdicts.",
      }),
      source: z.enum(["human", "classifier"]),
      createdAt: epochMs("Created"),
      updatedAt: epochMs("Last changed"),
    })
    .openapi("Annotation"),
);

export const createdAnnotationSchema = describes<Awaited<ReturnType<typeof createAnnotation>>>()(
  z
    .object({
      id: z.string(),
      traceId: z.string(),
      queueId: z.string().optional(),
      scoreConfigId: z.string(),
      value: z.union([z.boolean(), z.number(), z.string()]).openapi({ description: "As sent." }),
      comment: z.string(),
      target,
      issueId: z.string().nullable().openapi({ description: "The linked issue: the one sent, or the one `newIssue` filed." }),
      valueNumber: z.number().nullable(),
      valueLabel: z.string().nullable(),
      status: z.literal("published"),
      source: z.literal("human"),
      createdAt: epochMs("Created"),
    })
    .openapi("CreatedAnnotation"),
);

export const scoreConfigSchema = describes<Row<typeof listScoreConfigs>>()(
  z
    .object({
      id: z.string(),
      projectId: z.string(),
      name: z.string(),
      type: z.enum(scoreTypes),
      description: z.string(),
      categories: z.array(z.string()).nullable().openapi({ description: "The labels of a categorical score." }),
      minValue: z.number().nullable(),
      maxValue: z.number().nullable(),
      createdAt: epochMs("Created"),
    })
    .openapi("ScoreConfig"),
);
