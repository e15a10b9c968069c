import { z } from "zod";
import { pageQuerySchema } from "../pagination";
import { driftBuckets } from "./drift";

export const alignmentQuerySchema = pageQuerySchema.extend({
  scoreConfigId: z.string().min(1).optional(),
  source: z.string().min(1).optional(),
  bucket: z.enum(driftBuckets).default("week"),
  tolerance: z.coerce.number().min(0).optional(),
});
export type AlignmentQuery = z.input<typeof alignmentQuerySchema>;

export const agreementQuerySchema = z.object({
  scoreConfigId: z.string().min(1),
  queueId: z.string().min(1).optional(),
});
export type AgreementQuery = z.input<typeof agreementQuerySchema>;
