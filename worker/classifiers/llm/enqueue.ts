import type { Database } from "../../db/client";
import { isSampled } from "../../queues/sampling";
import type { ClassifierTrace } from "../types";
import { llmClassifierKeys, type LlmCategory } from "./config";
import type { LlmClassifyMessage } from "./messages";
import { applicableCategories } from "./prefilter";
import { activeProvider, type LlmProvider } from "./provider";
import { llmControls } from "./settings";

// The cost gate in front of the llm-classify queue, run after each settle: budget, sampling, prefilter.

export interface EnqueueOutcome {
  provider: LlmProvider;
  /** Today's spend reached the budget: nothing was queued. */
  paused: boolean;
  enqueued: number;
  notSampled: number;
  /** Sampled, but with nothing for a model to look at. */
  prefiltered: number;
}

/** The sampling decision for a trace: fixed per trace, so a re-settled or redelivered trace decides the same way. */
export function isLlmSampled(projectId: string, traceId: string, samplingPercent: number): boolean {
  // Its own salt, so the LLM share is independent of every live queue's sampling of the same traces.
  return isSampled(`llm-classify:${projectId}`, traceId, samplingPercent);
}

const MAX_SEND_BATCH = 100;

/**
 * Queues the sampled share of settled traces for the LLM classifiers, and every borderline Trashing verdict for
 * confirmation (those are few, and the rule is waiting on them). Skips everything while the budget is spent.
 */
export async function enqueueLlmClassification(
  db: Database,
  env: Pick<Env, "LLM_CLASSIFY"> & Partial<Pick<Env, "AI">>,
  projectId: string,
  traces: readonly ClassifierTrace[],
  borderlineTrashing: ReadonlySet<string>,
  now = Date.now(),
): Promise<EnqueueOutcome> {
  const outcome: EnqueueOutcome = { provider: activeProvider(env), paused: false, enqueued: 0, notSampled: 0, prefiltered: 0 };
  if (traces.length === 0) return outcome;
  const controls = await llmControls(db, projectId, now);
  if (controls.paused) {
    console.warn(
      `llm-classify: project ${projectId} spent $${controls.spentUsd.toFixed(4)} of its $${controls.budgetUsd} daily budget; classification paused, ${traces.length} traces skipped`,
    );
    return { ...outcome, paused: true };
  }
  const messages: LlmClassifyMessage[] = [];
  for (const trace of traces) {
    const requested: LlmCategory[] = isLlmSampled(projectId, trace.traceId, controls.samplingPercent) ? [...llmClassifierKeys] : [];
    if (borderlineTrashing.has(trace.traceId)) requested.push("trashing");
    if (requested.length === 0) {
      outcome.notSampled++;
      continue;
    }
    const categories = applicableCategories(trace.conversation, requested);
    if (categories.length === 0) outcome.prefiltered++;
    else messages.push({ type: "llm.classify", projectId, traceId: trace.traceId, categories });
  }
  for (let i = 0; i < messages.length; i += MAX_SEND_BATCH) {
    await env.LLM_CLASSIFY.sendBatch(messages.slice(i, i + MAX_SEND_BATCH).map((body) => ({ body })));
  }
  return { ...outcome, enqueued: messages.length };
}
