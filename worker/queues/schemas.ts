import { z } from "zod";

const traceId = z.string().regex(/^[0-9a-f]{32}$/, "trace ids are 32 lowercase hex characters");

export const createQueueSchema = z.object({
  name: z.string().trim().min(1, "name is required").max(120),
  description: z.string().trim().max(500).default(""),
  instructions: z.string().max(20_000).default(""),
  assigneeIds: z.array(z.string().min(1)).max(200).default([]),
  isLive: z.boolean().default(false),
  samplingPercent: z.number().min(0).max(100).default(10),
  reviewersPerItem: z.number().int().min(1).max(10).default(1),
  leaseSeconds: z.number().int().min(30).max(24 * 3600).default(600),
});
export type CreateQueueInput = z.infer<typeof createQueueSchema>;

export const addItemsSchema = z.object({
  traceIds: z.array(traceId).min(1, "name at least one trace").max(1000),
});

export const itemStatusFilterSchema = z.enum(["pending", "reserved", "completed"]).optional();
