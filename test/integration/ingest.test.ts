import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { spans, traces } from "../../worker/db/schema";
import { call } from "../support/http";
import { chatTrace, otlpBody, otlpSpan, randomTraceId } from "../support/otlp";
import { createTestProject, type TestProject } from "../support/project";
import { deliverTraceEvents } from "../support/settle";

let project: TestProject;
beforeAll(async () => {
  project = await createTestProject();
});

async function rowCounts(traceId: string) {
  const where = (table: typeof spans | typeof traces) =>
    and(eq(table.projectId, project.projectId), eq(table === spans ? spans.traceId : traces.id, traceId));
  const [spanRows] = await project.db.select({ n: count() }).from(spans).where(where(spans));
  const [traceRows] = await project.db.select({ n: count() }).from(traces).where(where(traces));
  return { spans: spanRows?.n, traces: traceRows?.n };
}

describe("POST /v1/traces → D1 → trace API", () => {
  it("stores the trace and its spans, and settles them into a conversation", async () => {
    const { traceId, body } = chatTrace(undefined, "Where is my order #1234?", "It ships tomorrow.");
    const posted = await call("/v1/traces", { key: project.ingestKey, json: body });
    expect(posted).toEqual({ status: 200, body: {} });
    expect(await rowCounts(traceId)).toEqual({ spans: 2, traces: 1 });

    const settled = await deliverTraceEvents(project.projectId, [traceId]);
    expect(settled.explicitAcks).toHaveLength(1);

    const { status, body: trace } = await call<{
      summary: { name: string; models: string[]; inputTokens: number; outputTokens: number; settledAt: number | null };
      conversation: { role: string; parts: { type: string; content?: string }[] }[];
      spans: unknown[];
    }>(`/api/v1/traces/${traceId}`, { key: project.adminKey });
    expect(status).toBe(200);
    expect(trace.summary).toMatchObject({ name: "support-turn", models: ["gpt-4o-mini"], inputTokens: 42, outputTokens: 7 });
    expect(trace.summary.settledAt).not.toBeNull();
    expect(trace.spans).toHaveLength(2);
    expect(trace.conversation.map((m) => [m.role, m.parts[0]?.content])).toEqual([
      ["user", "Where is my order #1234?"],
      ["assistant", "It ships tomorrow."],
    ]);
  });

  it("keeps one trace and one copy of each span when the same body is posted twice", async () => {
    const { traceId, body } = chatTrace();
    for (let i = 0; i < 2; i++) expect((await call("/v1/traces", { key: project.ingestKey, json: body })).status).toBe(200);
    await deliverTraceEvents(project.projectId, [traceId]);
    await deliverTraceEvents(project.projectId, [traceId]);
    expect(await rowCounts(traceId)).toEqual({ spans: 2, traces: 1 });
    const { body: trace } = await call<{ conversation: unknown[] }>(`/api/v1/traces/${traceId}`, { key: project.adminKey });
    expect(trace.conversation).toHaveLength(2);
  });

  it("merges spans of one trace that arrive in separate requests", async () => {
    const { traceId, body } = chatTrace();
    const [root, llm] = body.resourceSpans[0]!.scopeSpans[0]!.spans;
    await call("/v1/traces", { key: project.ingestKey, json: otlpBody([llm!]) });
    await call("/v1/traces", { key: project.ingestKey, json: otlpBody([root!]) });
    await deliverTraceEvents(project.projectId, [traceId]);
    const { body: trace } = await call<{ summary: { name: string; spanCount: number } }>(`/api/v1/traces/${traceId}`, { key: project.adminKey });
    expect(trace.summary).toMatchObject({ name: "support-turn", spanCount: 2 });
  });

  it("answers partialSuccess naming the rejected spans and stores the valid ones", async () => {
    const traceId = randomTraceId();
    const good = otlpSpan({ traceId, name: "ok", startMs: Date.now(), durationMs: 5 });
    const bad = { ...otlpSpan({ traceId, name: "bad id", startMs: Date.now(), durationMs: 5 }), spanId: "abc" };
    const { status, body } = await call<{ partialSuccess: { rejectedSpans: string; errorMessage: string } }>("/v1/traces", {
      key: project.ingestKey,
      json: otlpBody([good, bad]),
    });
    expect(status).toBe(200);
    expect(body.partialSuccess.rejectedSpans).toBe("1");
    expect(body.partialSuccess.errorMessage).toMatch(/spanId/i);
    expect(await rowCounts(traceId)).toEqual({ spans: 1, traces: 1 });
  });

  it("pages the trace list with a cursor", async () => {
    const other = await createTestProject();
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const { traceId, body } = chatTrace();
      ids.push(traceId);
      await call("/v1/traces", { key: other.ingestKey, json: body });
    }
    const first = await call<{ items: { id: string }[]; nextCursor: string }>("/api/v1/traces?limit=2", { key: other.adminKey });
    expect(first.body.items).toHaveLength(2);
    const second = await call<{ items: { id: string }[]; nextCursor: string | null }>(
      `/api/v1/traces?limit=2&cursor=${first.body.nextCursor}`,
      { key: other.adminKey },
    );
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect(new Set([...first.body.items, ...second.body.items].map((t) => t.id))).toEqual(new Set(ids));
  });
});
