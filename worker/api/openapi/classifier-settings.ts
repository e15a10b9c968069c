import { z } from "@hono/zod-openapi";
import { llmCategoryKeys } from "../../classifiers/llm/config";
import type { ClassifierSettingsView } from "../../classifiers/llm/settings";
import { describes } from "./exact";

const priceSchema = z.object({
  inputPerMillion: z.number().openapi({ description: "USD per million input tokens." }),
  outputPerMillion: z.number().openapi({ description: "USD per million output tokens." }),
});

export const classifierConfigSchema = z
  .object({
    firstPassModel: z.string().openapi({ description: "Workers AI model that screens every category in JSON mode." }),
    secondPassModel: z.string().openapi({ description: "Stronger model that confirms a suspected category and drafts the annotation." }),
    promptVersion: z.literal(1).openapi({ description: "Prompt template version." }),
    threshold: z.number().openapi({ description: "First-pass confidence (0-1) from which a category goes to the second pass." }),
    confirmThreshold: z.number().openapi({ description: "Second-pass confidence (0-1) from which the category is flagged." }),
    timeoutMs: z.number().int().openapi({ description: "A model call slower than this is retried." }),
    prices: z.record(z.string(), priceSchema).openapi({ description: "Per model, to estimate spend against the daily budget." }),
  })
  .openapi("LlmClassifierConfig");

export const classifierSettingsSchema = describes<ClassifierSettingsView>()(
  z
    .object({
      provider: z.enum(["workers-ai", "heuristic"]).openapi({ description: "Who decides: Workers AI, or keyword heuristics when the AI binding is absent." }),
      llmSamplingPercent: z.number().openapi({ description: "Share of completed traces the LLM classifiers look at, 0-100." }),
      dailyBudgetUsd: z.number().openapi({ description: "Estimated Workers AI spend per UTC day after which classification pauses." }),
      today: z.object({
        day: z.string().openapi({ description: "The UTC day, YYYY-MM-DD." }),
        calls: z.number().int(),
        spentUsd: z.number().openapi({ description: "Estimated from token counts and the configured prices." }),
      }),
      paused: z.boolean().openapi({ description: "Today's spend reached the budget: no LLM classification until 00:00 UTC or a higher budget." }),
      updatedAt: z.number().nullable().openapi({ description: "Last change to sampling or budget (epoch milliseconds); null if never set." }),
      classifiers: z.array(
        z.object({
          classifier: z.enum(llmCategoryKeys),
          config: classifierConfigSchema,
          version: z.string().openapi({ description: 'Stored with each result: "defaults-N" or "project-N".' }),
          source: z.enum(["defaults", "project"]),
        }),
      ),
    })
    .openapi("ClassifierSettings"),
);
