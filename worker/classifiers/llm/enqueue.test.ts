import { describe, expect, it } from "vitest";
import { createTestProject } from "../../../test/support/project";
import { llmUsage } from "../../db/schema";
import type { Message, TraceSummary } from "../../traces/model";
import type { ClassifierTrace } from "../types";
import { llmClassifierKeys } from "./config";
import { enqueueLlmClassification, isLlmSampled } from "./enqueue";
import { fakeAi, jailbreakConversation, text } from "./fake-ai";
import { llmClassifyMessageSchema } from "./messages";
import { updateClassifierSettings } from "./settings";
import { utcDay } from "./usage";
import { seededTraceIds } from "../../../test/support/ids";

const NOW = Date.UTC(2026, 10, 27, 12);
const randomTraceId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");

const summary: TraceSummary = {
  name: "chat", startedAt: NOW, endedAt: NOW, durationMs: 0, status: "ok", models: [], provider: null, inputTokens: 0, outputTokens: 0,
  totalTokens: 0, cost: null, timeToFirstTokenMs: null, sessionId: null, userId: null, environment: null, tags: [], metadata: {},
  spanCount: 1, toolCallCount: 0, errorCount: 0,
};
const traceOf = (conversation: Message[], traceId = randomTraceId()): ClassifierTrace => ({ traceId, summary, conversation, spans: [] });

/** The LLM_CLASSIFY producer, recording what is sent. */
function fakeQueue() {
  const batches: { body: unknown }[][] = [];
  const queue = { batches, sendBatch: async (messages: Iterable<{ body: unknown }>) => void batches.push([...messages]) };
  return { queue, env: { LLM_CLASSIFY: queue as unknown as Queue, AI: fakeAi(() => ({})) as unknown as Ai }, sent: () => batches.flat().map((m) => llmClassifyMessageSchema.parse(m.body)) };
}

async function projectWith(settings: { llmSamplingPercent?: number; dailyBudgetUsd?: number }) {
  const project = await createTestProject();
  const admin = { kind: "key" as const, keyId: "k", projectId: project.projectId, scope: "admin" as const };
  await updateClassifierSettings(project.db, {}, admin, settings, NOW);
  return project;
}

describe("LLM sampling", () => {
  it("keeps the realized rate within a point of the setting over 10,000 trace ids, the same way every time", () => {
    const ids = seededTraceIds(10_000);
    for (const percent of [1, 10, 35]) {
      const sampled = ids.filter((id) => isLlmSampled("p_1", id, percent));
      expect(Math.abs((sampled.length / ids.length) * 100 - percent), `${percent}%`).toBeLessThanOrEqual(1);
      expect(sampled.every((id) => isLlmSampled("p_1", id, percent))).toBe(true);
    }
  });
});

describe("enqueueLlmClassification", () => {
  it("queues each sampled trace with the categories it can show, and counts what it skipped", async () => {
    const { db, projectId } = await projectWith({ llmSamplingPercent: 100 });
    const { env, sent } = fakeQueue();
    const chat = traceOf(jailbreakConversation);
    const cron = traceOf([text("system", "nightly job"), text("assistant", "done")]);
    const outcome = await enqueueLlmClassification(db, env, projectId, [chat, cron], new Set(), NOW);

    expect(outcome).toMatchObject({ provider: "workers-ai", paused: false, enqueued: 1, prefiltered: 1, notSampled: 0 });
    expect(sent()).toEqual([{ type: "llm.classify", projectId, traceId: chat.traceId, categories: [...llmClassifierKeys] }]);
  });

  it("always asks to confirm a borderline Trashing verdict, even for a trace not sampled", async () => {
    const { db, projectId } = await projectWith({ llmSamplingPercent: 0 });
    const { env, sent } = fakeQueue();
    const [plain, borderline] = [traceOf(jailbreakConversation), traceOf(jailbreakConversation)];
    const outcome = await enqueueLlmClassification(db, env, projectId, [plain, borderline], new Set([borderline.traceId]), NOW);
    expect(outcome).toMatchObject({ enqueued: 1, notSampled: 1 });
    expect(sent()).toEqual([{ type: "llm.classify", projectId, traceId: borderline.traceId, categories: ["trashing"] }]);
  });

  it("pauses, sending nothing, once today's spend reaches the budget; yesterday's spend does not count", async () => {
    const { db, projectId } = await projectWith({ llmSamplingPercent: 100, dailyBudgetUsd: 0.5 });
    const traces = [traceOf(jailbreakConversation)];
    await db.insert(llmUsage).values({ projectId, day: utcDay(NOW - 86_400_000), calls: 900, costUsd: 7 });
    const before = fakeQueue();
    expect(await enqueueLlmClassification(db, before.env, projectId, traces, new Set(), NOW)).toMatchObject({ paused: false, enqueued: 1 });

    await db.insert(llmUsage).values({ projectId, day: utcDay(NOW), calls: 40, costUsd: 0.5 });
    const after = fakeQueue();
    expect(await enqueueLlmClassification(db, after.env, projectId, traces, new Set([traces[0]!.traceId]), NOW)).toMatchObject({ paused: true, enqueued: 0 });
    expect(after.queue.batches).toEqual([]);
  });

  it("sends at most 100 messages per batch and says when the heuristic provider will decide", async () => {
    const { db, projectId } = await projectWith({ llmSamplingPercent: 100 });
    const { queue, sent } = fakeQueue();
    const traces = Array.from({ length: 230 }, () => traceOf(jailbreakConversation));
    const outcome = await enqueueLlmClassification(db, { LLM_CLASSIFY: queue as unknown as Queue }, projectId, traces, new Set(), NOW);
    expect(outcome).toMatchObject({ provider: "heuristic", enqueued: 230 });
    expect(queue.batches.map((b) => b.length)).toEqual([100, 100, 30]);
    expect(new Set(sent().map((m) => m.traceId)).size).toBe(230);
  });
});
