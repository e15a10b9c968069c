import { describe, expect, it } from "vitest";
import type { TraceSummary } from "../traces/model";
import { BaselineSet } from "./baselines/baseline-set";
import { classifyResourceUse, MIN_TRACES, NO_MODEL, observationSchema, observe, type Observation, type ResourceOutlierVerdict } from "./resource-outliers";

let nextId = 0;
function observation(model: string, metrics: Partial<Observation["metrics"]>): Observation {
  return {
    traceId: `t${nextId++}`,
    model,
    metrics: { durationMs: null, timeToFirstTokenMs: null, totalTokens: null, cost: null, ...metrics },
  };
}

/** `count` traces spread evenly over [low, 2 × low): median 1.5 × low, p95 and p99 just under 2 × low. */
function history(set: BaselineSet, count: number, model = "gpt-4o", withCost = true) {
  for (let i = 0; i < count; i++) {
    const spread = 1 + (i % 100) / 100;
    set.add(observation(model, { durationMs: 100 * spread, cost: withCost ? 0.01 * spread : null }));
  }
}

function judge(set: BaselineSet, trace: Observation): ResourceOutlierVerdict {
  return classifyResourceUse(trace, set.scopesFor(trace.model));
}

function findings(verdict: ResourceOutlierVerdict) {
  return "findings" in verdict.details ? verdict.details.findings.map((f) => [f.metric, f.baseline.rule]) : [];
}

describe("Resource Outliers rule", () => {
  it("flags a metric above 3× its median only once 30 traces back the median", () => {
    const set = new BaselineSet();
    history(set, MIN_TRACES.median - 1);
    const slow = observation("gpt-4o", { durationMs: 1_000 });
    expect(judge(set, slow).flagged).toBe(false);
    history(set, 1);
    const verdict = judge(set, slow);
    expect(verdict).toMatchObject({ flagged: true, confidence: 1 });
    expect(verdict.details).toMatchObject({ metric: "durationMs", value: 1_000, baseline: { rule: "3x_median", count: 30, scope: "model" } });
    const baseline = "baseline" in verdict.details ? verdict.details.baseline : undefined;
    expect(baseline!.threshold).toBeCloseTo(3 * baseline!.median);
    expect(verdict.reason).toMatch(/^duration 1,000 ms is more than 3× its median of \d+ ms \(gpt-4o, 30 traces\)/i);
  });

  it("flags latency and cost both above their p95 only once 100 traces back it, and never one of them alone", () => {
    const set = new BaselineSet();
    history(set, MIN_TRACES.p95 - 1);
    // Above every p95 (just under 200 ms and $0.02) but well below 3× the median (about 450 ms and $0.045).
    const both = observation("gpt-4o", { durationMs: 230, cost: 0.023 });
    expect(judge(set, both).flagged).toBe(false);
    history(set, 1);
    const verdict = judge(set, both);
    expect(verdict.flagged).toBe(true);
    expect(findings(verdict).sort()).toEqual([
      ["cost", "p95_latency_and_cost"],
      ["durationMs", "p95_latency_and_cost"],
    ]);
    expect(judge(set, observation("gpt-4o", { durationMs: 230, cost: 0.012 })).flagged).toBe(false);
    expect(judge(set, observation("gpt-4o", { durationMs: 230, cost: null })).flagged).toBe(false);
    expect(judge(set, observation("gpt-4o", { durationMs: 110, cost: 0.023 })).flagged).toBe(false);
  });

  it("flags a metric above its p99 only once 1,000 traces back it, and prefers p99 when several rules pass", () => {
    const set = new BaselineSet();
    history(set, MIN_TRACES.p99 - 1);
    const slowish = observation("gpt-4o", { durationMs: 230 });
    expect(judge(set, slowish).flagged).toBe(false);
    history(set, 1);
    const verdict = judge(set, slowish);
    expect(verdict.details).toMatchObject({ metric: "durationMs", baseline: { rule: "p99", count: 1_000 } });
    const baseline = "baseline" in verdict.details ? verdict.details.baseline : undefined;
    expect(baseline!.threshold).toBeGreaterThan(190);
    expect(baseline!.threshold).toBeLessThan(230);
    expect(findings(judge(set, observation("gpt-4o", { durationMs: 5_000 })))).toEqual([["durationMs", "p99"]]);
  });

  it("skips missing metrics: never judged, never recorded as zero", () => {
    const set = new BaselineSet();
    history(set, 40, "gpt-4o", true);
    history(set, 40, "gpt-4o", false);
    const { cost, durationMs, timeToFirstTokenMs } = set.scopesFor("gpt-4o").model;
    expect(durationMs?.count).toBe(80);
    expect(cost?.count).toBe(40);
    expect(cost!.p50).toBeGreaterThan(0.01);
    expect(timeToFirstTokenMs).toBeUndefined();
    // Time to first token is known here but has no history yet, so it is not judged either.
    const verdict = judge(set, observation("gpt-4o", { durationMs: 120, cost: null, timeToFirstTokenMs: 99_999 }));
    expect(verdict.flagged).toBe(false);
    expect(verdict.details).toMatchObject({ judged: ["durationMs"], missing: ["totalTokens", "cost"] });
  });

  it("judges a model with too little history against the project, and against its own history once it has enough", () => {
    const set = new BaselineSet();
    history(set, 200, "gpt-4o");
    history(set, 5, "big-model");
    const slow = observation("big-model", { durationMs: 1_000 });
    expect(judge(set, slow).details).toMatchObject({ metric: "durationMs", baseline: { scope: "project" } });
    for (let i = 0; i < MIN_TRACES.median; i++) set.add(observation("big-model", { durationMs: 900 + i }));
    expect(judge(set, slow).flagged).toBe(false);
  });

  it("says nothing against a baseline of zero, such as a free model's cost", () => {
    const set = new BaselineSet();
    for (let i = 0; i < 50; i++) set.add(observation("local-llama", { cost: 0 }));
    expect(judge(set, observation("local-llama", { cost: 0.5 })).flagged).toBe(false);
  });

  it("says when there is not enough history to judge", () => {
    const verdict = judge(new BaselineSet(), observation("gpt-4o", { durationMs: 1e9 }));
    expect(verdict).toMatchObject({ flagged: false, details: { judged: [] } });
    expect(verdict.reason).toMatch(/not enough history/i);
  });
});

describe("observe", () => {
  const summary: TraceSummary = {
    name: "chat", startedAt: 0, endedAt: 1_500, durationMs: 1_500, status: "ok", models: ["gpt-4o", "gpt-4o-mini"],
    provider: "openai", inputTokens: 0, outputTokens: 0, totalTokens: 0, cost: null, timeToFirstTokenMs: null,
    sessionId: null, userId: null, environment: null, tags: [], metadata: {}, spanCount: 1, toolCallCount: 0, errorCount: 0,
  };

  it("takes the first model, and reads unreported tokens, cost and time to first token as missing", () => {
    expect(observe({ traceId: "a", summary, conversation: [], spans: [] })).toEqual({
      traceId: "a",
      model: "gpt-4o",
      metrics: { durationMs: 1_500, timeToFirstTokenMs: null, totalTokens: null, cost: null },
    });
  });

  it("files traces without a model under (any) and keeps real values, zero cost included", () => {
    const trace = { traceId: "b", summary: { ...summary, models: [], totalTokens: 42, cost: 0, timeToFirstTokenMs: 80 }, conversation: [], spans: [] };
    expect(observe(trace)).toMatchObject({ model: NO_MODEL, metrics: { totalTokens: 42, cost: 0, timeToFirstTokenMs: 80 } });
  });

  it("always produces an observation the baselines accept, whatever the summary holds", () => {
    const odd = { ...summary, models: ["", "x"], durationMs: -5, cost: Number.NaN, timeToFirstTokenMs: Number.POSITIVE_INFINITY };
    const observed = observe({ traceId: "c", summary: odd, conversation: [], spans: [] });
    expect(observed).toMatchObject({ model: NO_MODEL, metrics: { durationMs: null, cost: null, timeToFirstTokenMs: null } });
    expect(observationSchema.safeParse(observed).success).toBe(true);
    const long = observe({ traceId: "d", summary: { ...summary, models: ["m".repeat(500)] }, conversation: [], spans: [] });
    expect(observationSchema.safeParse(long).success).toBe(true);
  });
});
