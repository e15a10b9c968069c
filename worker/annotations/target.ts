import { z } from "zod";

// Where an annotation points. Its own module (zod only), so the browser bundle can check targets too.

export const annotationTargetSchema = z.discriminatedUnion("level", [
  z.object({ level: z.literal("conversation") }),
  z.object({ level: z.literal("message"), messageIndex: z.number().int().min(0) }),
  z.object({
    level: z.literal("range"),
    messageIndex: z.number().int().min(0),
    partIndex: z.number().int().min(0),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
  }),
]);
export type AnnotationTarget = z.infer<typeof annotationTargetSchema>;
