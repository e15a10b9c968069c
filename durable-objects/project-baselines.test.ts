import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { randomToken } from "../worker/auth/crypto";
import { unwrap } from "../worker/errors";
import { BaselineStore } from "../worker/classifiers/baselines/store";
import { assessResourceOutliers } from "../worker/classifiers/resource-outliers-client";
import type { Observation } from "../worker/classifiers/resource-outliers";
import type { ClassifierTrace } from "../worker/classifiers/types";
import type { TraceSummary } from "../worker/traces/model";

/** A fresh project's baselines, with `assess` answering assessments (or throwing on a refusal). */
function baselines() {
  const stub = env.PROJECT_BASELINES.get(env.PROJECT_BASELINES.idFromName(`prj_${randomToken(8)}`));
  return {
    assess: async (observations: Observation[]) => unwrap(await stub.assess(observations)),
    snapshot: () => stub.snapshot(),
    stub,
  };
}

function observation(traceId: string, durationMs: number, cost: number | null = 0.01): Observation {
  return { traceId, model: "gpt-4o", metrics: { durationMs, timeToFirstTokenMs: null, totalTokens: 500, cost } };
}

/** `count` ordinary traces, 100–130 ms. */
function ordinary(count: number, prefix = "h"): Observation[] {
  return Array.from({ length: count }, (_, i) => observation(`${prefix}${i}`, 100 + (i % 30)));
}

const durationCount = (snapshot: Awaited<ReturnType<ReturnType<typeof baselines>["snapshot"]>>) =>
  snapshot.models.find((m) => m.model === "gpt-4o")?.metrics.durationMs?.count;

describe("ProjectBaselines", () => {
  it("judges each trace against the baselines as they were before it, then adds it", async () => {
    const stub = baselines();
    // The slow trace comes 30th: only 29 traces stand before it, so the median rule cannot speak yet.
    const early = await stub.assess([...ordinary(29), observation("slow-early", 1_000)]);
    expect(early.at(-1)).toMatchObject({ traceId: "slow-early", verdict: { flagged: false } });
    // Now 30 traces stand before the next one (the early slow trace among them).
    const [late] = await stub.assess([observation("slow-late", 1_000)]);
    expect(late).toMatchObject({ traceId: "slow-late", verdict: { flagged: true, details: { metric: "durationMs", baseline: { count: 30 } } } });
    expect(durationCount(await stub.snapshot())).toBe(31);
  });

  it("counts a redelivered trace once, however often and in whatever batch it comes back", async () => {
    const stub = baselines();
    const batch = ordinary(40);
    await stub.assess(batch);
    const again = await stub.assess([...batch.slice(10, 20), ...batch.slice(10, 20)]);
    expect(again).toHaveLength(20);
    expect(durationCount(await stub.snapshot())).toBe(40);
    // A redelivery is still judged, against the current baselines.
    const [outlier] = await stub.assess([observation("x", 5_000)]);
    const [redelivered] = await stub.assess([observation("x", 5_000)]);
    expect(redelivered!.verdict).toMatchObject({ flagged: true, details: { baseline: { count: 41 } } });
    expect(outlier!.verdict).toMatchObject({ flagged: true, details: { baseline: { count: 40 } } });
    expect(durationCount(await stub.snapshot())).toBe(41);
  });

  it("loses nothing when evicted: sketches and remembered trace ids come back from storage", async () => {
    const stub = baselines();
    await stub.assess(ordinary(35));
    const before = await stub.snapshot();
    await evictDurableObject(stub.stub);
    expect(await stub.snapshot()).toEqual(before);
    await stub.assess(ordinary(35));
    expect(await stub.snapshot()).toEqual(before);
    const [slow] = await stub.assess([observation("slow", 1_000)]);
    expect(slow!.verdict.flagged).toBe(true);
  });

  it("keeps a snapshot of count, p50, p95 and p99 per metric for each model and the whole project", async () => {
    const stub = baselines();
    await stub.assess([...ordinary(30), { traceId: "plain", model: "(any)", metrics: { durationMs: 40, timeToFirstTokenMs: 5, totalTokens: null, cost: null } }]);
    const snapshot = await stub.snapshot();
    expect(snapshot.models.map((m) => m.model)).toEqual(["(any)", "gpt-4o"]);
    expect(snapshot.project.durationMs?.count).toBe(31);
    expect(snapshot.project.timeToFirstTokenMs?.count).toBe(1);
    expect(snapshot.project.cost?.count).toBe(30);
    const { p50, p95, p99 } = snapshot.models[1]!.metrics.durationMs!;
    expect(p50).toBeGreaterThanOrEqual(100 * 0.99);
    expect(p50).toBeLessThanOrEqual(p95);
    expect(p95).toBeLessThanOrEqual(p99);
    expect(p99).toBeLessThanOrEqual(129 * 1.01);
  });

  it("refuses malformed observations without changing anything", async () => {
    const stub = baselines();
    await stub.assess(ordinary(3));
    const bad = [observation("ok", 100), { ...observation("neg", 100), metrics: { ...observation("neg", 100).metrics, cost: -1 } }];
    expect(await stub.stub.assess(bad)).toMatchObject({ ok: false, code: "bad_request" });
    expect(durationCount(await stub.snapshot())).toBe(3);
  });

  it("remembers a bounded number of recent trace ids", async () => {
    const stub = baselines();
    await runInDurableObject(stub.stub, (_instance, state) => {
      const store = new BaselineStore(state.storage.sql, 5);
      store.assess(ordinary(8));
      const remembered = state.storage.sql.exec<{ trace_id: string }>("SELECT trace_id FROM added_traces ORDER BY seq").toArray();
      expect(remembered.map((r) => r.trace_id)).toEqual(["h3", "h4", "h5", "h6", "h7"]);
      store.assess(ordinary(8).slice(3));
      expect(store.snapshot().models[0]!.metrics.durationMs!.count).toBe(8);
    });
  });
});

describe("assessResourceOutliers", () => {
  const summary = (durationMs: number): TraceSummary => ({
    name: "chat", startedAt: 0, endedAt: durationMs, durationMs, status: "ok", models: ["gpt-4o"], provider: "openai",
    inputTokens: 300, outputTokens: 200, totalTokens: 500, cost: 0.01, timeToFirstTokenMs: null, sessionId: null,
    userId: null, environment: null, tags: [], metadata: {}, spanCount: 1, toolCallCount: 0, errorCount: 0,
  });
  const trace = (traceId: string, durationMs: number): ClassifierTrace => ({ traceId, summary: summary(durationMs), conversation: [], spans: [] });

  it("returns a verdict per trace from the project's baselines, and keeps projects apart", async () => {
    const projectId = `prj_${randomToken(8)}`;
    await assessResourceOutliers(env, projectId, Array.from({ length: 30 }, (_, i) => trace(`h${i}`, 100 + i)));
    const verdicts = await assessResourceOutliers(env, projectId, [trace("slow", 1_000), trace("fine", 110)]);
    expect([...verdicts.keys()]).toEqual(["slow", "fine"]);
    expect(verdicts.get("slow")).toMatchObject({ flagged: true, details: { metric: "durationMs" } });
    expect(verdicts.get("fine")?.flagged).toBe(false);
    const elsewhere = await assessResourceOutliers(env, `prj_${randomToken(8)}`, [trace("slow", 1_000)]);
    expect(elsewhere.get("slow")?.flagged).toBe(false);
    expect((await assessResourceOutliers(env, projectId, [])).size).toBe(0);
  });
});
