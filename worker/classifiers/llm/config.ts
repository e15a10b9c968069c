import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../db/client";
import { classifierConfigs } from "../../db/schema";
import type { ClassifierKey } from "../types";

// Per-category configuration of the LLM classifiers: models, prompt template, threshold and prices. The defaults
// live here; a project may replace one category's whole configuration through `classifier_configs`.

/** The classifiers that run on Workers AI. Trashing is deterministic, and only its borderline cases come here. */
export const llmClassifierKeys = ["jailbreaking", "refusal", "frustration", "forgetting", "laziness", "inappropriate_content"] as const;
export type LlmClassifierKey = (typeof llmClassifierKeys)[number];
export const llmCategoryKeys = [...llmClassifierKeys, "trashing"] as const satisfies readonly ClassifierKey[];
export type LlmCategory = (typeof llmCategoryKeys)[number];
export const llmCategorySchema = z.enum(llmCategoryKeys);

const priceSchema = z.object({ inputPerMillion: z.number().min(0).max(10_000), outputPerMillion: z.number().min(0).max(10_000) });

export const categoryConfigSchema = z.object({
  /** Small instruction model that screens every category in one JSON-mode call. */
  firstPassModel: z.string().min(1).max(200),
  /** Stronger model that confirms a flagged category and drafts the annotation. */
  secondPassModel: z.string().min(1).max(200),
  /** Which prompt template (prompts.ts) to use; part of what a result's version means. */
  promptVersion: z.literal(1),
  /** First-pass confidence at or above which a flagged category goes to the second pass. */
  threshold: z.number().min(0).max(1),
  /** Second-pass confidence at or above which the category is flagged. */
  confirmThreshold: z.number().min(0).max(1),
  /** A call slower than this counts as a timeout (and is retried). */
  timeoutMs: z.number().int().min(1).max(120_000),
  /** USD per million tokens, to estimate spend against the daily budget. */
  prices: z.record(z.string(), priceSchema),
});
export type CategoryConfig = z.infer<typeof categoryConfigSchema>;

/** What `classifier_configs.config` holds: a whole configuration, or the marker of a reset to the defaults. */
const storedConfigSchema = z.union([categoryConfigSchema, z.object({ useDefaults: z.literal(true) })]);
type StoredConfig = z.infer<typeof storedConfigSchema>;

/** Bump whenever DEFAULT_CONFIG or the default prompts change: results say which defaults produced them. */
export const DEFAULTS_VERSION = 1;

// Both models support JSON mode (developers.cloudflare.com/workers-ai/features/json-mode); prices are Workers AI's
// published per-token prices (platform/pricing).
export const DEFAULT_CONFIG: CategoryConfig = {
  firstPassModel: "@cf/meta/llama-3.1-8b-instruct",
  secondPassModel: "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
  promptVersion: 1,
  threshold: 0.5,
  confirmThreshold: 0.5,
  timeoutMs: 30_000,
  prices: {
    "@cf/meta/llama-3.1-8b-instruct": { inputPerMillion: 0.282, outputPerMillion: 0.827 },
    "@cf/meta/llama-3.3-70b-instruct-fp8-fast": { inputPerMillion: 0.293, outputPerMillion: 2.253 },
  },
};

export interface EffectiveConfig {
  config: CategoryConfig;
  /** Stored with each result: "defaults-N", or "project-N" for the project's Nth override. */
  version: string;
  source: "defaults" | "project";
}

export const defaultEffectiveConfig = (): EffectiveConfig => ({ config: DEFAULT_CONFIG, version: `defaults-${DEFAULTS_VERSION}`, source: "defaults" });

/** The configuration each category runs with in this project. An override that no longer parses falls back to the defaults. */
export async function effectiveConfigs(db: Database, projectId: string): Promise<Record<LlmCategory, EffectiveConfig>> {
  const rows = await db
    .select()
    .from(classifierConfigs)
    .where(and(eq(classifierConfigs.projectId, projectId), inArray(classifierConfigs.classifier, [...llmCategoryKeys])));
  const configs = Object.fromEntries(llmCategoryKeys.map((key) => [key, defaultEffectiveConfig()])) as Record<LlmCategory, EffectiveConfig>;
  for (const row of rows) {
    const key = llmCategorySchema.safeParse(row.classifier);
    const stored = storedConfigSchema.safeParse(row.config);
    if (!key.success) continue;
    if (!stored.success) {
      console.warn(`classifier config for ${row.classifier} in ${projectId} is invalid; using the defaults`, stored.error.issues);
      continue;
    }
    if ("useDefaults" in stored.data) continue;
    configs[key.data] = { config: stored.data, version: `project-${row.version}`, source: "project" };
  }
  return configs;
}

/**
 * Stores a project's override of one category, or (null) goes back to the defaults. A reset is kept as a row
 * rather than deleted, so the version keeps counting and "project-N" never names two different configurations.
 */
export async function setCategoryConfig(db: Database, projectId: string, category: LlmCategory, config: CategoryConfig | null, now = Date.now()) {
  const stored: StoredConfig = config ?? { useDefaults: true };
  // Incremented in the upsert itself, so two concurrent changes never get the same version.
  await db
    .insert(classifierConfigs)
    .values({ projectId, classifier: category, config: stored, version: 1, updatedAt: now })
    .onConflictDoUpdate({
      target: [classifierConfigs.projectId, classifierConfigs.classifier],
      set: { config: stored, version: sql`${classifierConfigs.version} + 1`, updatedAt: now },
    });
}
