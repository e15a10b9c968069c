import { z } from "@hono/zod-openapi";
import type { AnnotationChange } from "../../annotations/edit";
import { epochMs } from "./common";
import { describes } from "./exact";

export const annotationChangeSchema = describes<AnnotationChange>()(
  z
    .object({
      id: z.string(),
      status: z.enum(["draft", "published", "rejected"]),
      source: z.enum(["human", "classifier"]).openapi({ description: "An accepted draft becomes human: the reviewer now stands behind it." }),
      authorId: z.string().nullable(),
      scoreConfigId: z.string().nullable(),
      valueNumber: z.number().nullable(),
      valueLabel: z.string().nullable(),
      comment: z.string(),
      issueId: z.string().nullable(),
      updatedAt: epochMs("Changed"),
    })
    .openapi("AnnotationChange"),
);

export const annotationIdParam = z.string().openapi({ param: { name: "annotationId", in: "path" }, description: "The annotation's id." });
