import { z } from "zod";
import { filterSetSchema } from "../filters/schema";

const traceId = z.string().regex(/^[0-9a-f]{32}$/, "trace ids are 32 lowercase hex characters");

const queueFields = {
  name: z.string().trim().min(1, "name is required").max(120),
  description: z.string().trim().max(500),
  instructions: z.string().max(20_000),
  assigneeIds: z.array(z.string().min(1)).max(200),
  isLive: z.boolean(),
  samplingPercent: z.number().min(0, "sampling is 0 to 100%").max(100, "sampling is 0 to 100%"),
  filter: filterSetSchema.nullable(),
  reviewersPerItem: z.number().int().min(1).max(10),
  leaseSeconds: z.number().int().min(30).max(24 * 3600),
  showMachineScores: z.boolean(),
};

export const createQueueSchema = z.object({
  ...queueFields,
  description: queueFields.description.default(""),
  instructions: queueFields.instructions.default(""),
  assigneeIds: queueFields.assigneeIds.default([]),
  isLive: queueFields.isLive.default(false),
  samplingPercent: queueFields.samplingPercent.default(10),
  filter: queueFields.filter.default(null),
  reviewersPerItem: queueFields.reviewersPerItem.default(1),
  leaseSeconds: queueFields.leaseSeconds.default(600),
  showMachineScores: queueFields.showMachineScores.default(false),
});
export type CreateQueueInput = z.infer<typeof createQueueSchema>;

export const updateQueueSchema = z
  .object(queueFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "send at least one field to change");
export type UpdateQueueInput = z.infer<typeof updateQueueSchema>;

/** Add by trace ids, by sessions (each session's newest trace), or every trace a filter matches. */
export const addItemsSchema = z.union([
  z.object({ traceIds: z.array(traceId).min(1, "name at least one trace").max(1000) }).strict(),
  z.object({ sessionIds: z.array(z.string().min(1)).min(1, "name at least one session").max(500) }).strict(),
  z.object({ filter: filterSetSchema }).strict(),
]);
export type AddItemsInput = z.infer<typeof addItemsSchema>;

export const itemStatusFilterSchema = z.enum(["pending", "reserved", "completed"]).optional();
