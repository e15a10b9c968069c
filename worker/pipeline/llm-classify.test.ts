import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { createTestProject } from "../../test/support/project";
import { flushQueueMirror } from "../../test/support/queue";
import { DEFAULT_CONFIG, llmClassifierKeys, type LlmCategory } from "../classifiers/llm/config";
import { fakeAi, jailbreakConversation, wellBehaved, type FakeAnswer } from "../classifiers/llm/fake-ai";
import { updateClassifierSettings } from "../classifiers/llm/settings";
import { costOf, todaysUsage } from "../classifiers/llm/usage";
import type { TraceResults } from "../classifiers/record";
import type { Database } from "../db/client";
import { annotations, messages, queueItems, scores, traceFlags, traces } from "../db/schema";
import { systemQueueId } from "../projects/system-queues";
import type { Message as ConversationMessage } from "../traces/model";
import { consumeLlmClassify, defaultLlmClassifyDeps, retryDelaySeconds, type LlmClassifyDeps } from "./llm-classify";

const NOW = Date.now();
const LAST_ATTEMPT = 6; // wrangler.toml: max_retries = 5
const randomTraceId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");

async function storeTrace(db: Database, projectId: string, conversation: ConversationMessage[], settled = true): Promise<string> {
  const traceId = randomTraceId();
  await db.insert(traces).values({ projectId, id: traceId, startedAt: NOW, endedAt: NOW, updatedAt: NOW, settledAt: settled ? NOW : null });
  await db.insert(messages).values(conversation.map((m, position) => ({ projectId, traceId, position, role: m.role, parts: m.parts, spanId: m.spanId })));
  return traceId;
}

async function setup(settings: { dailyBudgetUsd?: number } = {}) {
  const project = await createTestProject();
  const admin = { kind: "key" as const, keyId: "k", projectId: project.projectId, scope: "admin" as const };
  await updateClassifierSettings(project.db, {}, admin, { llmSamplingPercent: 100, ...settings }, NOW);
  const traceId = await storeTrace(project.db, project.projectId, jailbreakConversation);
  return { ...project, traceId };
}

const body = (projectId: string, traceId: string, categories: readonly LlmCategory[] = llmClassifierKeys) => ({ type: "llm.classify", projectId, traceId, categories });

/** Delivers messages to the consumer with a fake recorder; returns what was acked, retried and recorded. */
async function deliver(bodies: unknown[], options: { answer?: FakeAnswer; ai?: unknown; attempts?: number; deps?: LlmClassifyDeps } = {}) {
  const recorded: TraceResults[] = [];
  const deps: LlmClassifyDeps = options.deps ?? { record: async (_db, _env, _projectId, batch) => void recorded.push(...batch), now: () => NOW };
  const ai = options.ai ?? (options.answer ? fakeAi(options.answer) : undefined);
  const batch = createMessageBatch(
    "llm-classify",
    bodies.map((b, i) => ({ id: `m${i}`, timestamp: new Date(NOW), attempts: options.attempts ?? 1, body: b })),
  );
  // The queue result keeps which messages were retried, not their delays: those are read off the calls.
  const delays = new Map<string, number | undefined>();
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    vi.spyOn(message, "retry").mockImplementation((retryOptions) => {
      delays.set(message.id, retryOptions?.delaySeconds);
      retry(retryOptions);
    });
  }
  await consumeLlmClassify(batch, { ...env, AI: ai } as unknown as Env, deps);
  const result = await getQueueResult(batch, createExecutionContext());
  const retried = result.retryMessages.map(({ msgId }: { msgId: string }) => ({ msgId, delaySeconds: delays.get(msgId) }));
  return { recorded, acked: result.explicitAcks, retried, ai };
}

const failing = (error: Error): FakeAnswer => () => Promise.reject(error);
const malformed: FakeAnswer = () => ({ response: "I'd rather not answer in JSON." });

describe("llm-classify consumer", () => {
  it("classifies through Workers AI, stores the results, acknowledges, and adds the spend to today's usage", async () => {
    const { db, projectId, traceId } = await setup();
    const { recorded, acked, retried } = await deliver([body(projectId, traceId)], { answer: wellBehaved(new Set(["jailbreaking"]), 1) });

    expect(acked).toEqual(["m0"]);
    expect(retried).toEqual([]);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.traceId).toBe(traceId);
    expect(recorded[0]!.results.map((r) => r.classifier).sort()).toEqual([...llmClassifierKeys].sort());
    expect(recorded[0]!.results.filter((r) => r.flagged).map((r) => r.classifier)).toEqual(["jailbreaking"]);
    const expected = costOf(DEFAULT_CONFIG.firstPassModel, 1_000, 100, DEFAULT_CONFIG.prices) + costOf(DEFAULT_CONFIG.secondPassModel, 1_000, 100, DEFAULT_CONFIG.prices);
    const usage = await todaysUsage(db, projectId, NOW);
    expect(usage.calls).toBe(2);
    expect(usage.costUsd).toBeCloseTo(expected, 12);
  });

  it("acknowledges a malformed message instead of retrying it, and skips a trace that is gone or re-opened", async () => {
    const { db, projectId } = await setup();
    const reopened = await storeTrace(db, projectId, jailbreakConversation, false);
    const { recorded, acked, retried, ai } = await deliver(
      [{ type: "llm.classify", projectId }, body(projectId, randomTraceId()), body(projectId, reopened)],
      { answer: wellBehaved(new Set()) },
    );
    expect(acked.sort()).toEqual(["m0", "m1", "m2"]);
    expect(retried).toEqual([]);
    expect(recorded).toEqual([]);
    expect((ai as ReturnType<typeof fakeAi>).calls).toEqual([]);
  });

  it("retries malformed output, a timeout and a refusal of JSON mode with backoff, recording nothing", async () => {
    const { projectId, traceId } = await setup();
    for (const answer of [malformed, failing(new Error("JSON Mode couldn't be met")), failing(new DOMException("aborted", "AbortError"))]) {
      for (const attempts of [1, 3]) {
        const { recorded, acked, retried } = await deliver([body(projectId, traceId)], { answer, attempts });
        expect(acked).toEqual([]);
        expect(retried).toEqual([{ msgId: "m0", delaySeconds: retryDelaySeconds(attempts) }]);
        expect(recorded).toEqual([]);
      }
    }
  });

  it("backs off exponentially, up to a cap", () => {
    expect(retryDelaySeconds(2)).toBe(2 * retryDelaySeconds(1));
    expect(retryDelaySeconds(3)).toBe(2 * retryDelaySeconds(2));
    expect(retryDelaySeconds(40)).toBe(retryDelaySeconds(60));
    expect(retryDelaySeconds(60)).toBeLessThanOrEqual(12 * 3600); // the Queues maximum
  });

  it("on the last delivery, records output failures as 'not flagged, provider error', leaving Trashing's rule verdict alone", async () => {
    const { projectId, traceId } = await setup();
    const { recorded, acked, retried } = await deliver([body(projectId, traceId, [...llmClassifierKeys, "trashing"])], { answer: malformed, attempts: LAST_ATTEMPT });
    expect(acked).toEqual(["m0"]);
    expect(retried).toEqual([]);
    const results = recorded[0]!.results;
    expect(results.map((r) => r.classifier).sort()).toEqual([...llmClassifierKeys].sort());
    for (const result of results) {
      expect(result).toMatchObject({ flagged: false, confidence: 0, provider: "workers-ai", details: { providerError: "malformed_output" } });
      expect(result.reason).toMatch(/^Not classified/);
    }
  });

  it("retries 429 and 5xx, and leaves them to the dead-letter queue after the last delivery", async () => {
    const { projectId, traceId } = await setup();
    const errors = [new Error("3040: Capacity temporarily exceeded, please try again."), Object.assign(new Error("503 Service Unavailable"), { name: "InferenceUpstreamError" })];
    for (const error of errors) {
      for (const attempts of [1, LAST_ATTEMPT]) {
        const { recorded, acked, retried } = await deliver([body(projectId, traceId)], { answer: failing(error), attempts });
        expect(acked).toEqual([]);
        expect(retried).toEqual([{ msgId: "m0", delaySeconds: retryDelaySeconds(attempts) }]);
        expect(recorded).toEqual([]);
      }
    }
  });

  it("stops calling Workers AI once the budget is spent, also within a batch", async () => {
    const { db, projectId, traceId } = await setup({ dailyBudgetUsd: 0.000001 });
    const second = await storeTrace(db, projectId, jailbreakConversation);
    const { recorded, acked, ai } = await deliver([body(projectId, traceId), body(projectId, second)], { answer: wellBehaved(new Set()) });
    expect(acked.sort()).toEqual(["m0", "m1"]);
    expect(recorded.map((r) => r.traceId)).toEqual([traceId]);
    const spent = (await todaysUsage(db, projectId, NOW)).costUsd;
    expect(spent).toBeGreaterThan(0.000001);

    const paused = await deliver([body(projectId, second)], { answer: wellBehaved(new Set()) });
    expect(paused.acked).toEqual(["m0"]);
    expect(paused.recorded).toEqual([]);
    expect((paused.ai as ReturnType<typeof fakeAi>).calls).toEqual([]);
    expect((await todaysUsage(db, projectId, NOW)).costUsd).toBe(spent);
  });

  it("uses the heuristic provider without the AI binding, and when the binding is only a local stand-in", async () => {
    const { db, projectId, traceId } = await setup();
    const absent = await deliver([body(projectId, traceId)]);
    expect(absent.acked).toEqual(["m0"]);
    expect(absent.recorded[0]!.results.every((r) => r.provider === "heuristic")).toBe(true);
    expect(absent.recorded[0]!.results.find((r) => r.classifier === "jailbreaking")?.flagged).toBe(true);

    const second = await storeTrace(db, projectId, jailbreakConversation);
    const standIn = fakeAi(failing(new Error("Binding AI needs to be run remotely")));
    const local = await deliver([body(projectId, traceId), body(projectId, second)], { ai: standIn });
    expect(local.acked.sort()).toEqual(["m0", "m1"]);
    expect(local.recorded.flatMap((r) => r.results).every((r) => r.provider === "heuristic")).toBe(true);
    expect(standIn.calls).toHaveLength(1);
    expect((await todaysUsage(db, projectId, NOW)).calls).toBe(0);
  });

  it("never duplicates scores, flags, drafts or queue items when a message is delivered twice", async () => {
    const { db, projectId, traceId } = await setup();
    // The real recorder (record.ts), routing into the system queues as in production.
    const deps: LlmClassifyDeps = { ...defaultLlmClassifyDeps, now: () => NOW };
    for (let i = 0; i < 2; i++) {
      const { acked } = await deliver([body(projectId, traceId)], { answer: wellBehaved(new Set(["jailbreaking"]), 1), deps });
      expect(acked).toEqual(["m0"]);
    }
    const ofTrace = <T extends typeof scores | typeof traceFlags | typeof annotations>(table: T) =>
      db.select().from(table).where(and(eq(table.projectId, projectId), eq(table.traceId, traceId)));
    expect((await ofTrace(scores)).filter((s) => s.evaluation === "jailbreaking")).toHaveLength(1);
    expect((await ofTrace(scores)).filter((s) => s.provider === "workers-ai")).toHaveLength(llmClassifierKeys.length);
    expect((await ofTrace(traceFlags)).map((f) => f.classifier)).toEqual(["jailbreaking"]);
    expect(await ofTrace(annotations)).toHaveLength(1);
    const queueId = systemQueueId(projectId, "jailbreaking");
    await flushQueueMirror(queueId);
    expect(await db.select().from(queueItems).where(eq(queueItems.queueId, queueId))).toHaveLength(1);
  });
});
