import { describe, expect, it } from "vitest";
import { call } from "../support/http";
import { chatTrace, otlpBody, otlpSpan, randomTraceId } from "../support/otlp";
import { createTestProject, type TestProject } from "../support/project";
import { flushQueueMirror } from "../support/queue";
import { deliverTraceEvents } from "../support/settle";

type Progress = { total: number; live: { matched: number; sampled: number } | null };

async function ingestModelTrace(project: TestProject, model: string): Promise<string> {
  const traceId = randomTraceId();
  const span = otlpSpan({
    traceId,
    name: `chat ${model}`,
    startMs: Date.now() - 1000,
    durationMs: 500,
    attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": model, "session.id": `s-${model}` },
  });
  await call("/v1/traces", { key: project.ingestKey, json: otlpBody([span]) });
  return traceId;
}

async function liveQueue(project: TestProject, samplingPercent: number) {
  const res = await call<{ id: string }>("/api/v1/queues", {
    key: project.adminKey,
    json: { name: `live ${samplingPercent}`, isLive: true, samplingPercent, filter: { all: [{ field: "model", op: "equals", value: "gpt-4o" }] } },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe("live queues", () => {
  it("take completed traces their filter matches, once, however often the completion is redelivered", async () => {
    const project = await createTestProject();
    const queueId = await liveQueue(project, 100);
    const matching = [await ingestModelTrace(project, "gpt-4o"), await ingestModelTrace(project, "gpt-4o")];
    const other = await ingestModelTrace(project, "claude-3-5-haiku");
    for (let i = 0; i < 3; i++) await deliverTraceEvents(project.projectId, [...matching, other]);
    // A late span re-opens a trace; settling it again offers it again, and the queue still holds it once.
    const late = otlpSpan({ traceId: matching[0]!, name: "late", startMs: Date.now(), durationMs: 1, parentSpanId: "0102030405060708" });
    await call("/v1/traces", { key: project.ingestKey, json: otlpBody([late]) });
    await deliverTraceEvents(project.projectId, [matching[0]!]);
    const progress = await call<Progress>(`/api/v1/queues/${queueId}/progress`, { key: project.adminKey });
    expect(progress.body).toMatchObject({ total: 2, live: { matched: 2, sampled: 2 } });
    await flushQueueMirror(queueId);
    const items = await call<{ items: { traceId: string }[] }>(`/api/v1/queues/${queueId}/items`, { key: project.adminKey });
    expect(new Set(items.body.items.map((i) => i.traceId))).toEqual(new Set(matching));
  });

  it("counts matches but takes none at 0% sampling, and ignores traces that do not match", async () => {
    const project = await createTestProject();
    const queueId = await liveQueue(project, 0);
    await deliverTraceEvents(project.projectId, [await ingestModelTrace(project, "gpt-4o"), await ingestModelTrace(project, "gpt-4.1")]);
    const progress = await call<Progress>(`/api/v1/queues/${queueId}/progress`, { key: project.adminKey });
    expect(progress.body).toMatchObject({ total: 0, live: { matched: 1, sampled: 0 } });
  });

  it("stops taking traces once the queue is no longer live", async () => {
    const project = await createTestProject();
    const queueId = await liveQueue(project, 100);
    const patched = await call(`/api/v1/queues/${queueId}`, { key: project.adminKey, method: "PATCH", json: { isLive: false } });
    expect(patched.status).toBe(200);
    await deliverTraceEvents(project.projectId, [await ingestModelTrace(project, "gpt-4o")]);
    expect((await call<Progress>(`/api/v1/queues/${queueId}/progress`, { key: project.adminKey })).body.total).toBe(0);
  });
});

describe("manual queues", () => {
  it("add sessions as their newest trace, and every trace a filter matches", async () => {
    const project = await createTestProject();
    const queue = await call<{ id: string }>("/api/v1/queues", { key: project.adminKey, json: { name: "manual" } });
    const older = chatTrace();
    await call("/v1/traces", { key: project.ingestKey, json: older.body });
    const a = await ingestModelTrace(project, "gpt-4o");
    const o3 = await ingestModelTrace(project, "o3-mini");
    await deliverTraceEvents(project.projectId, [older.traceId, a, o3]);

    const bySession = await call<{ added: number; requested: number }>(`/api/v1/queues/${queue.body.id}/items`, {
      key: project.adminKey,
      json: { sessionIds: ["s-gpt-4o", "s-nobody"] },
    });
    expect(bySession.body).toMatchObject({ requested: 1, added: 1 });

    const byFilter = await call<{ added: number; requested: number; total: number }>(`/api/v1/queues/${queue.body.id}/items`, {
      key: project.adminKey,
      json: { filter: { any: [{ field: "model", op: "startsWith", value: "gpt-4o" }, { field: "model", op: "equals", value: "o3-mini" }] } },
    });
    // gpt-4o (already in), gpt-4o-mini (the chat trace) and o3-mini match; two are new.
    expect(byFilter.body).toMatchObject({ requested: 3, added: 2, total: 3 });

    const again = await call<{ added: number }>(`/api/v1/queues/${queue.body.id}/items`, { key: project.adminKey, json: { traceIds: [a] } });
    expect(again.body.added).toBe(0);
    const bad = await call(`/api/v1/queues/${queue.body.id}/items`, { key: project.adminKey, json: { filter: { all: [{ field: "model", op: "gt", value: 3 }] } } });
    expect(bad.status).toBe(400);
  });

  it("navigates items in review order with previous and next", async () => {
    const project = await createTestProject();
    const queue = await call<{ id: string }>("/api/v1/queues", { key: project.adminKey, json: { name: "nav" } });
    const ids = [await ingestModelTrace(project, "m1"), await ingestModelTrace(project, "m2"), await ingestModelTrace(project, "m3")];
    await call(`/api/v1/queues/${queue.body.id}/items`, { key: project.adminKey, json: { traceIds: ids } });
    // Added together, items share a time, so review order falls back to trace id.
    ids.sort();
    const middle = await call<{ position: number; total: number; previous: string; next: string }>(
      `/api/v1/queues/${queue.body.id}/items/${ids[1]}/neighbors`,
      { key: project.adminKey },
    );
    expect(middle.body).toEqual({ position: 2, total: 3, previous: ids[0], next: ids[2] });
  });
});
