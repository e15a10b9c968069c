import { eq } from "drizzle-orm";
import { z } from "zod";
import { can, type Principal } from "../../auth/principal";
import type { Database } from "../../db/client";
import { classifierSettings } from "../../db/schema";
import { ServiceError } from "../../errors";
import { categoryConfigSchema, effectiveConfigs, llmCategoryKeys, llmCategorySchema, setCategoryConfig } from "./config";
import { activeProvider } from "./provider";
import { todaysUsage, utcDay } from "./usage";

// The LLM classifiers' cost controls per project: sampling share, daily budget, today's spend, whether
// classification is paused, which provider decides, and each category's configuration.

// The table's column defaults, for projects that never saved settings.
const DEFAULT_SAMPLING_PERCENT = 10;
const DEFAULT_DAILY_BUDGET_USD = 1;

export const classifierSettingsPatchSchema = z
  .object({
    llmSamplingPercent: z.number().min(0).max(100).optional(),
    dailyBudgetUsd: z.number().min(0).max(10_000).optional(),
    /** Per category: a whole configuration to use instead of the defaults, or null to go back to them. */
    classifiers: z.partialRecord(llmCategorySchema, categoryConfigSchema.nullable()).optional(),
  })
  .strict();
export type ClassifierSettingsPatch = z.infer<typeof classifierSettingsPatchSchema>;

export interface LlmControls {
  samplingPercent: number;
  budgetUsd: number;
  spentUsd: number;
  calls: number;
  /** Today's spend has reached the budget: no LLM classification until 00:00 UTC or a higher budget. */
  paused: boolean;
}

export async function llmControls(db: Database, projectId: string, now: number): Promise<LlmControls & { updatedAt: number | null }> {
  const [[row], usage] = await Promise.all([
    db.select().from(classifierSettings).where(eq(classifierSettings.projectId, projectId)),
    todaysUsage(db, projectId, now),
  ]);
  const budgetUsd = row?.dailyBudgetUsd ?? DEFAULT_DAILY_BUDGET_USD;
  return {
    samplingPercent: row?.llmSamplingPercent ?? DEFAULT_SAMPLING_PERCENT,
    budgetUsd,
    spentUsd: usage.costUsd,
    calls: usage.calls,
    paused: usage.costUsd >= budgetUsd,
    updatedAt: row?.updatedAt ?? null,
  };
}

export async function getClassifierSettings(db: Database, env: Partial<Pick<Env, "AI">>, principal: Principal, now = Date.now()) {
  if (!can(principal, "read")) throw new ServiceError("forbidden", "this key may only ingest traces");
  const [controls, configs] = await Promise.all([llmControls(db, principal.projectId, now), effectiveConfigs(db, principal.projectId)]);
  return {
    provider: activeProvider(env),
    llmSamplingPercent: controls.samplingPercent,
    dailyBudgetUsd: controls.budgetUsd,
    today: { day: utcDay(now), calls: controls.calls, spentUsd: controls.spentUsd },
    paused: controls.paused,
    updatedAt: controls.updatedAt,
    classifiers: llmCategoryKeys.map((classifier) => ({ classifier, ...configs[classifier] })),
  };
}
export type ClassifierSettingsView = Awaited<ReturnType<typeof getClassifierSettings>>;

export async function updateClassifierSettings(
  db: Database,
  env: Partial<Pick<Env, "AI">>,
  principal: Principal,
  patch: ClassifierSettingsPatch,
  now = Date.now(),
): Promise<ClassifierSettingsView> {
  if (!can(principal, "configure")) throw new ServiceError("forbidden", "only admins can change classifier settings");
  const { classifiers, ...controls } = patch;
  if (controls.llmSamplingPercent !== undefined || controls.dailyBudgetUsd !== undefined) {
    await db
      .insert(classifierSettings)
      .values({ projectId: principal.projectId, ...controls, updatedAt: now })
      .onConflictDoUpdate({ target: classifierSettings.projectId, set: { ...controls, updatedAt: now } });
  }
  for (const [category, config] of Object.entries(classifiers ?? {})) {
    if (config !== undefined) await setCategoryConfig(db, principal.projectId, llmCategorySchema.parse(category), config, now);
  }
  return getClassifierSettings(db, env, principal, now);
}
