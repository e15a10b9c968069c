import { SELF } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { spans, traces } from "../../worker/db/schema";
import { encodeProtoRequest } from "../../worker/ingest/otlp-proto-fixtures";
import { call } from "../support/http";
import { chatTrace, otlpBody, otlpSpan, randomTraceId } from "../support/otlp";
import { createTestProject } from "../support/project";
import { deliverTraceEvents } from "../support/settle";

type Conversation = { role: string; parts: { type: string; content?: string; name?: string }[] }[];

function postProto(key: string, body: Uint8Array<ArrayBuffer>) {
  return SELF.fetch("http://localhost/v1/traces", {
    method: "POST",
    body,
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/x-protobuf" },
  });
}

describe("OTLP/HTTP protobuf", () => {
  it("stores a protobuf export like its JSON twin and answers in protobuf", async () => {
    const project = await createTestProject();
    const { traceId, body } = chatTrace(undefined, "Is it waterproof?", "Yes, rated 10,000 mm.");
    const res = await postProto(project.ingestKey, new Uint8Array(encodeProtoRequest(body)));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/x-protobuf");
    expect((await res.arrayBuffer()).byteLength).toBe(0);
    await deliverTraceEvents(project.projectId, [traceId]);
    const { body: trace } = await call<{ conversation: Conversation; summary: { models: string[] } }>(`/api/v1/traces/${traceId}`, { key: project.adminKey });
    expect(trace.summary.models).toEqual(["gpt-4o-mini"]);
    expect(trace.conversation.map((m) => m.parts[0]?.content)).toEqual(["Is it waterproof?", "Yes, rated 10,000 mm."]);
  });

  it("answers malformed protobuf with 400 and a protobuf Status, writing nothing", async () => {
    const project = await createTestProject();
    const valid = encodeProtoRequest(chatTrace().body);
    const res = await postProto(project.ingestKey, new Uint8Array(valid.slice(0, valid.length - 7)));
    expect(res.status).toBe(400);
    expect(res.headers.get("Content-Type")).toBe("application/x-protobuf");
    const status = new Uint8Array(await res.arrayBuffer());
    expect(status[0]).toBe(0x08); // field 1 (code), varint
    expect(status[1]).toBe(3); // INVALID_ARGUMENT
    expect(await project.db.select().from(spans).where(eq(spans.projectId, project.projectId))).toEqual([]);
  });

  it("answers an unauthenticated protobuf request with 401 in protobuf", async () => {
    const res = await SELF.fetch("http://localhost/v1/traces", {
      method: "POST",
      body: new Uint8Array(encodeProtoRequest(chatTrace().body)),
      headers: { "Content-Type": "application/x-protobuf" },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("Content-Type")).toBe("application/x-protobuf");
  });
});

describe("ingest limits and the canonical format", () => {
  it("answers 429 with Retry-After once a key passes its rate, and other keys are unaffected", async () => {
    const project = await createTestProject();
    const { body } = chatTrace();
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await call("/v1/traces", { key: project.ingestKey, json: body })).status);
    expect(statuses.slice(0, 40).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(40)).toContain(429);
    const limited = await SELF.fetch("http://localhost/v1/traces", {
      method: "POST",
      body: JSON.stringify(body),
      headers: { Authorization: `Bearer ${project.ingestKey}`, "Content-Type": "application/json" },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("10");
    expect((await call("/v1/traces", { key: project.adminKey, json: body })).status).toBe(200);
  });

  it("truncates an oversized attribute with a visible marker instead of dropping the span", async () => {
    const project = await createTestProject();
    const traceId = randomTraceId();
    const huge = "x".repeat(3 * 1024 * 1024);
    const span = otlpSpan({ traceId, name: "big", startMs: Date.now(), durationMs: 10, attributes: { "input.value": huge } });
    expect((await call("/v1/traces", { key: project.ingestKey, json: otlpBody([span]) })).status).toBe(200);
    const [row] = await project.db.select().from(spans).where(and(eq(spans.projectId, project.projectId), eq(spans.traceId, traceId)));
    const stored = String(row?.attributes["input.value"]);
    expect(stored.length).toBeLessThan(70 * 1024);
    expect(stored).toMatch(/…\[truncated 3,080,192 characters\]$/);
  });

  it("accepts canonical JSON traces idempotently and turns them into conversations", async () => {
    const project = await createTestProject();
    const id = randomTraceId();
    const trace = {
      id,
      name: "refund-question",
      startedAt: "2026-11-20T10:00:00Z",
      endedAt: "2026-11-20T10:00:02.5Z",
      model: "gpt-4o-mini",
      inputTokens: 30,
      outputTokens: 12,
      sessionId: "sess-9",
      tags: ["canonical"],
      metadata: { plan: "pro" },
      messages: [
        { role: "user", content: "Can I get a refund?" },
        { role: "assistant", parts: [{ type: "tool_call", id: "c1", name: "lookup_order", arguments: { order: 7 } }] },
        { role: "tool", parts: [{ type: "tool_result", id: "c1", result: { refundable: true } }] },
        { role: "assistant", content: "Yes, your order is refundable." },
      ],
    };
    for (let i = 0; i < 2; i++) {
      const res = await call<{ traceIds: string[] }>("/api/v1/traces", { key: project.ingestKey, json: { traces: [trace] } });
      expect(res).toEqual({ status: 202, body: { traceIds: [id] } });
    }
    await deliverTraceEvents(project.projectId, [id]);
    const { body } = await call<{ summary: Record<string, unknown>; conversation: Conversation; spans: unknown[] }>(
      `/api/v1/traces/${id}`,
      { key: project.adminKey },
    );
    expect(body.spans).toHaveLength(1);
    expect(body.summary).toMatchObject({
      name: "refund-question",
      durationMs: 2500,
      models: ["gpt-4o-mini"],
      inputTokens: 30,
      outputTokens: 12,
      sessionId: "sess-9",
      tags: ["canonical"],
      metadata: { plan: "pro" },
    });
    expect(body.conversation.map((m) => [m.role, m.parts[0]?.type])).toEqual([
      ["user", "text"],
      ["assistant", "tool_call"],
      ["tool", "tool_result"],
      ["assistant", "text"],
    ]);
  });

  it("rejects canonical traces with precise errors and writes nothing", async () => {
    const project = await createTestProject();
    const res = await call<{ error: { details: { issues: { path: string }[] } } }>("/api/v1/traces", {
      key: project.ingestKey,
      json: { traces: [{ name: "x", startedAt: "yesterday", messages: [] }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i) => i.path)).toEqual(expect.arrayContaining(["traces.0.startedAt", "traces.0.messages"]));
    expect(await project.db.select().from(traces).where(eq(traces.projectId, project.projectId))).toEqual([]);
  });
});
