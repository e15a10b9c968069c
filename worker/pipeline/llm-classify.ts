import { and, asc, eq } from "drizzle-orm";
import { effectiveConfigs, type EffectiveConfig, type LlmCategory } from "../classifiers/llm/config";
import { ProviderError } from "../classifiers/llm/errors";
import { classifyWithHeuristics } from "../classifiers/llm/heuristic";
import { llmClassifyMessageSchema, type LlmClassifyMessage } from "../classifiers/llm/messages";
import { aiRunner, markBindingUnusable } from "../classifiers/llm/provider";
import { llmControls } from "../classifiers/llm/settings";
import { recordUsage, type ModelCall } from "../classifiers/llm/usage";
import { classifyWithWorkersAi } from "../classifiers/llm/workers-ai";
import { recordClassifierResults, type TraceResults } from "../classifiers/record";
import type { ClassifierResult } from "../classifiers/types";
import { database, type Database } from "../db/client";
import { messages, traces } from "../db/schema";
import { messageSchema, type Message as ConversationMessage } from "../traces/model";

// The `llm-classify` consumer. Failure policy (README.md in worker/classifiers/llm): every failure is retried with
// exponential backoff. When the model's output is the problem (timeout, malformed JSON, JSON mode refused) and this
// is the last delivery, the trace is recorded as "not flagged, provider error" so it is visibly unclassified and
// spending stops; any other failure (429, 5xx, D1) goes on to the dead-letter queue, to be replayed later.

/** wrangler.toml's `max_retries` for llm-classify: the last delivery is attempt max_retries + 1. */
const MAX_RETRIES = 5;
const BACKOFF_BASE_SECONDS = 10;
const BACKOFF_MAX_SECONDS = 600;

export function retryDelaySeconds(attempts: number): number {
  return Math.min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** Math.max(0, attempts - 1));
}

export interface LlmClassifyDeps {
  /** Stores results and routes flagged traces into the system queues (worker/classifiers/record.ts). */
  record(db: Database, env: Env, projectId: string, batch: readonly TraceResults[]): Promise<void>;
  now(): number;
}

export const defaultLlmClassifyDeps: LlmClassifyDeps = {
  record: (db, env, projectId, batch) => recordClassifierResults(db, env, projectId, batch, { route: true }),
  now: () => Date.now(),
};

type Job = { message: Message<unknown>; body: LlmClassifyMessage };

export async function consumeLlmClassify(batch: MessageBatch<unknown>, env: Env, deps: LlmClassifyDeps = defaultLlmClassifyDeps): Promise<void> {
  const jobs: Job[] = [];
  for (const message of batch.messages) {
    const parsed = llmClassifyMessageSchema.safeParse(message.body);
    if (parsed.success) jobs.push({ message, body: parsed.data });
    else {
      // It can never succeed: acknowledge rather than retry it into the dead-letter queue.
      console.error("llm-classify: dropping malformed message", parsed.error.issues);
      message.ack();
    }
  }
  const db = database(env.DB);
  for (const [projectId, group] of Map.groupBy(jobs, (j) => j.body.projectId)) {
    const now = deps.now();
    let controls: Awaited<ReturnType<typeof llmControls>>;
    let configs: Record<LlmCategory, EffectiveConfig>;
    try {
      [controls, configs] = await Promise.all([llmControls(db, projectId, now), effectiveConfigs(db, projectId)]);
    } catch (error) {
      console.error("llm-classify: could not load the project's settings, will retry", error);
      for (const { message } of group) message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      continue;
    }
    // Spend is tracked through the batch, so a batch cannot run far past the budget.
    let spentUsd = controls.spentUsd;
    for (const job of group) {
      if (spentUsd >= controls.budgetUsd) {
        console.warn(`llm-classify: project ${projectId} reached its $${controls.budgetUsd} daily budget; trace ${job.body.traceId} not classified`);
        job.message.ack();
        continue;
      }
      spentUsd += await classifyJob(db, env, configs, job, deps);
    }
  }
}

/** Classifies one trace and settles its message; returns what its model calls cost. */
async function classifyJob(db: Database, env: Env, configs: Record<LlmCategory, EffectiveConfig>, job: Job, deps: LlmClassifyDeps) {
  const { message, body } = job;
  const calls: ModelCall[] = [];
  // Asked per trace: a stand-in binding found out on the previous trace is not tried again.
  const ai = aiRunner(env);
  try {
    const conversation = await settledConversation(db, body.projectId, body.traceId);
    if (!conversation) {
      // Gone, or re-opened by late spans: its next settle queues it again.
      console.warn(`llm-classify: trace ${body.traceId} is missing or not settled; skipped`);
      message.ack();
      return 0;
    }
    const { categories } = body;
    const results = ai
      ? await withHeuristicFallback(env, () => classifyWithWorkersAi(ai, { conversation, categories, configs }, calls), conversation, categories)
      : classifyWithHeuristics(conversation, categories);
    await deps.record(db, env, body.projectId, [{ traceId: body.traceId, results }]);
    message.ack();
  } catch (error) {
    await onFailure(db, env, configs, job, error, deps);
  } finally {
    // Spent is spent, whether or not the answer was usable.
    await recordUsage(db, body.projectId, calls, deps.now()).catch((error: unknown) => console.error("llm-classify: could not record usage", error));
  }
  return calls.reduce((sum, c) => sum + c.costUsd, 0);
}

/** Locally the binding exists but cannot run models: say so once, then classify with the heuristics. */
async function withHeuristicFallback(env: Env, run: () => Promise<ClassifierResult[]>, conversation: ConversationMessage[], categories: readonly LlmCategory[]) {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof ProviderError && error.failure === "no_binding")) throw error;
    console.warn("llm-classify: the AI binding cannot run here; using the heuristic provider");
    markBindingUnusable(env);
    return classifyWithHeuristics(conversation, categories);
  }
}

async function onFailure(db: Database, env: Env, configs: Record<LlmCategory, EffectiveConfig>, job: Job, error: unknown, deps: LlmClassifyDeps) {
  const { message, body } = job;
  const lastDelivery = message.attempts > MAX_RETRIES;
  if (error instanceof ProviderError && error.isOutputFailure && lastDelivery) {
    try {
      const results = providerErrorResults(body.categories, configs, error, message.attempts);
      if (results.length > 0) await deps.record(db, env, body.projectId, [{ traceId: body.traceId, results }]);
      console.error(`llm-classify: gave up on trace ${body.traceId} after ${message.attempts} attempts: ${error.message}`);
      message.ack();
      return;
    } catch (recordError) {
      error = recordError;
    }
  }
  const next = lastDelivery ? "out of retries, on to the dead-letter queue" : "will retry";
  console.error(`llm-classify: trace ${body.traceId} failed (attempt ${message.attempts}), ${next}`, error);
  message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
}

/**
 * "Not flagged, provider error" for each category, so the trace view shows the classifier ran and could not decide.
 * Trashing is left out: its rule's own verdict stands rather than being cleared by a failed confirmation.
 */
export function providerErrorResults(
  categories: readonly LlmCategory[],
  configs: Record<LlmCategory, EffectiveConfig>,
  error: ProviderError,
  attempts: number,
): ClassifierResult[] {
  return categories
    .filter((c) => c !== "trashing")
    .map((classifier) => ({
      classifier,
      flagged: false,
      confidence: 0,
      reason: `Not classified: Workers AI failed ${attempts} times (${error.failure}): ${error.message}`,
      provider: "workers-ai" as const,
      version: configs[classifier].version,
      details: { providerError: error.failure, attempts },
    }));
}

async function settledConversation(db: Database, projectId: string, traceId: string): Promise<ConversationMessage[] | null> {
  const [summary] = await db
    .select({ settledAt: traces.settledAt })
    .from(traces)
    .where(and(eq(traces.projectId, projectId), eq(traces.id, traceId)));
  if (!summary?.settledAt) return null;
  const rows = await db
    .select({ role: messages.role, parts: messages.parts, spanId: messages.spanId })
    .from(messages)
    .where(and(eq(messages.projectId, projectId), eq(messages.traceId, traceId)))
    .orderBy(asc(messages.position));
  // Positions are kept even for a row that fails to parse, so evidence indices still match the stored conversation.
  return rows.map((row) => {
    const parsed = messageSchema.safeParse(row);
    return parsed.success ? parsed.data : { role: "system" as const, parts: [], spanId: row.spanId };
  });
}
