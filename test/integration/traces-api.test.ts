import { describe, expect, it } from "vitest";
import { call } from "../support/http";
import { otlpBody, otlpSpan, randomTraceId } from "../support/otlp";
import { createTestProject, type TestProject } from "../support/project";
import { deliverTraceEvents } from "../support/settle";

async function ingest(project: TestProject, model: string, session: string, startMs: number): Promise<string> {
  const traceId = randomTraceId();
  const attributes = { "gen_ai.operation.name": "chat", "gen_ai.request.model": model, "session.id": session, "gen_ai.usage.input_tokens": 100 };
  await call("/v1/traces", { key: project.ingestKey, json: otlpBody([otlpSpan({ traceId, name: "turn", startMs, durationMs: 10, attributes })]) });
  return traceId;
}

describe("trace and session lists", () => {
  it("filters the trace list with a FilterSet and explains a bad one", async () => {
    const project = await createTestProject();
    const now = Date.now();
    const ids = [await ingest(project, "gpt-4o", "s1", now - 3000), await ingest(project, "o3-mini", "s1", now - 2000), await ingest(project, "gpt-4o", "s2", now - 1000)];
    await deliverTraceEvents(project.projectId, ids);
    const filter = encodeURIComponent(JSON.stringify({ all: [{ field: "model", op: "equals", value: "gpt-4o" }, { field: "sessionId", op: "equals", value: "s1" }] }));
    const res = await call<{ items: { id: string }[] }>(`/api/v1/traces?filter=${filter}`, { key: project.adminKey });
    expect(res.body.items.map((t) => t.id)).toEqual([ids[0]]);
    const bad = await call<{ error: { message: string } }>(`/api/v1/traces?filter=${encodeURIComponent('{"all":[{"field":"nope"}]}')}`, { key: project.adminKey });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/filter/);
    expect((await call(`/api/v1/traces?filter=not-json`, { key: project.adminKey })).status).toBe(400);
  });

  it("lists sessions by latest activity with cursor paging", async () => {
    const project = await createTestProject();
    const now = Date.now();
    const ids = [await ingest(project, "m", "old", now - 9000), await ingest(project, "m", "new", now - 1000), await ingest(project, "m", "old", now - 8000)];
    // Session ids come from the spans when a trace settles.
    await deliverTraceEvents(project.projectId, ids);
    const first = await call<{ items: { sessionId: string; traceCount: number }[]; nextCursor: string }>("/api/v1/sessions?limit=1", { key: project.adminKey });
    expect(first.body.items).toEqual([expect.objectContaining({ sessionId: "new", traceCount: 1 })]);
    const second = await call<{ items: { sessionId: string; traceCount: number }[]; nextCursor: string | null }>(
      `/api/v1/sessions?limit=1&cursor=${first.body.nextCursor}`,
      { key: project.adminKey },
    );
    expect(second.body.items).toEqual([expect.objectContaining({ sessionId: "old", traceCount: 2 })]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("filters sessions to those with a matching trace, counting only the matches", async () => {
    const project = await createTestProject();
    const now = Date.now();
    const ids = [await ingest(project, "gpt-4o", "a", now - 3000), await ingest(project, "claude", "a", now - 2000), await ingest(project, "claude", "b", now - 1000)];
    await deliverTraceEvents(project.projectId, ids);
    const filter = encodeURIComponent(JSON.stringify({ all: [{ field: "model", op: "equals", value: "gpt-4o" }] }));
    const res = await call<{ items: { sessionId: string; traceCount: number }[] }>(`/api/v1/sessions?filter=${filter}`, { key: project.adminKey });
    expect(res.body.items).toEqual([expect.objectContaining({ sessionId: "a", traceCount: 1 })]);
    expect((await call("/api/v1/sessions?filter=%7B", { key: project.adminKey })).status).toBe(400);
  });
});
