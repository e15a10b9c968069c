import { z } from "zod";
import { llmCategorySchema } from "./config";

/** One `llm-classify` message: classify this trace for these categories. */
export const llmClassifyMessageSchema = z.object({
  type: z.literal("llm.classify"),
  projectId: z.string().min(1),
  traceId: z.string().regex(/^[0-9a-f]{32}$/),
  categories: z.array(llmCategorySchema).min(1),
});
export type LlmClassifyMessage = z.infer<typeof llmClassifyMessageSchema>;
