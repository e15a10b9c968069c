import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { llmUsage } from "../../db/schema";
import type { CategoryConfig } from "./config";

// Spend per project and UTC day, estimated from token counts: what the daily budget is checked against.

export interface ModelCall {
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** Used for a model the configuration has no price for: high enough that the budget errs on the safe side. */
const UNKNOWN_MODEL_PRICE = { inputPerMillion: 1, outputPerMillion: 5 };

export function costOf(model: string, inputTokens: number, outputTokens: number, prices: CategoryConfig["prices"]): number {
  const price = prices[model] ?? UNKNOWN_MODEL_PRICE;
  return (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1_000_000;
}

/** "2026-11-27": budgets reset at 00:00 UTC, as Workers AI's own allocation does. */
export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

export async function todaysUsage(db: Database, projectId: string, now: number): Promise<{ calls: number; costUsd: number }> {
  const [row] = await db
    .select({ calls: llmUsage.calls, costUsd: llmUsage.costUsd })
    .from(llmUsage)
    .where(and(eq(llmUsage.projectId, projectId), eq(llmUsage.day, utcDay(now))));
  return row ?? { calls: 0, costUsd: 0 };
}

/** Adds calls to today's row in one upsert, so concurrent consumers never lose each other's spend. */
export async function recordUsage(db: Database, projectId: string, calls: readonly ModelCall[], now: number): Promise<void> {
  if (calls.length === 0) return;
  const costUsd = calls.reduce((sum, c) => sum + c.costUsd, 0);
  await db
    .insert(llmUsage)
    .values({ projectId, day: utcDay(now), calls: calls.length, costUsd })
    .onConflictDoUpdate({
      target: [llmUsage.projectId, llmUsage.day],
      set: { calls: sql`${llmUsage.calls} + excluded.calls`, costUsd: sql`${llmUsage.costUsd} + excluded.cost_usd` },
    });
}
