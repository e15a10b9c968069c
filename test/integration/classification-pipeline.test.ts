import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { annotations, scores } from "../../worker/db/schema";
import { systemQueueId } from "../../worker/projects/system-queues";
import { call } from "../support/http";
import { chatTrace, otlpBody, otlpSpan, randomSpanId, randomTraceId } from "../support/otlp";
import { createTestProject, type TestProject } from "../support/project";
import { flushQueueMirror } from "../support/queue";
import { deliverTraceEvents } from "../support/settle";

/** An agent turn whose search tool fails: a GenAI chat span asking for the tool, and the failed execute_tool span. */
function failedToolTrace() {
  const traceId = randomTraceId();
  const rootId = randomSpanId();
  const start = Date.now() - 5_000;
  const body = otlpBody([
    otlpSpan({ traceId, spanId: rootId, name: "agent-turn", startMs: start, durationMs: 2_000 }),
    otlpSpan({
      traceId,
      parentSpanId: rootId,
      name: "chat gpt-4o",
      startMs: start + 10,
      durationMs: 800,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: "Find order 1234" }] }]),
        "gen_ai.output.messages": JSON.stringify([
          { role: "assistant", parts: [{ type: "tool_call", id: "call_1", name: "search_orders", arguments: { id: "1234" } }] },
        ]),
      },
    }),
    otlpSpan({
      traceId,
      parentSpanId: rootId,
      name: "execute_tool search_orders",
      startMs: start + 900,
      durationMs: 300,
      error: true,
      attributes: {
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": "search_orders",
        "gen_ai.tool.call.id": "call_1",
        "error.type": "TimeoutError",
      },
    }),
  ]);
  return { traceId, body };
}

async function items(project: TestProject, queueId: string): Promise<string[]> {
  await flushQueueMirror(queueId);
  const res = await call<{ items: { traceId: string }[] }>(`/api/v1/queues/${queueId}/items`, { key: project.adminKey });
  return res.body.items.map((i) => i.traceId);
}

describe("classification in the settle pipeline", () => {
  it("routes a trace with a failed tool call into Tool Call Errors with a draft, and a clean one nowhere", async () => {
    const project = await createTestProject();
    const failed = failedToolTrace();
    const clean = chatTrace();
    for (const trace of [failed, clean]) expect((await call("/v1/traces", { key: project.ingestKey, json: trace.body })).status).toBe(200);
    // At-least-once delivery: the same completion twice changes nothing.
    for (let i = 0; i < 2; i++) await deliverTraceEvents(project.projectId, [failed.traceId, clean.traceId]);

    expect(await items(project, systemQueueId(project.projectId, "tool_call_errors"))).toEqual([failed.traceId]);
    for (const key of ["empty_response", "output_schema_validation", "trashing"] as const) {
      expect(await items(project, systemQueueId(project.projectId, key))).toEqual([]);
    }
    const drafts = await project.db.select().from(annotations).where(eq(annotations.projectId, project.projectId));
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ traceId: failed.traceId, status: "draft", source: "classifier" });
    expect(drafts[0]?.comment).toMatch(/search_orders/);

    // Every rule ran on both traces and said so, flagged or not.
    const stored = await project.db.select().from(scores).where(eq(scores.projectId, project.projectId));
    const evaluationsOf = (traceId: string) => stored.filter((s) => s.traceId === traceId && s.source === "classifier").map((s) => s.evaluation).sort();
    const rules = ["empty_response", "output_schema_validation", "resource_outliers", "tool_call_errors", "trashing"];
    expect(evaluationsOf(failed.traceId)).toEqual(expect.arrayContaining(rules));
    expect(evaluationsOf(clean.traceId)).toEqual(expect.arrayContaining(rules));
    expect(stored.filter((s) => s.flagged).map((s) => [s.traceId, s.evaluation])).toEqual([[failed.traceId, "tool_call_errors"]]);
  });

  it("lets a user's live queue filter on a classifier flag", async () => {
    const project = await createTestProject();
    const queue = await call<{ id: string }>("/api/v1/queues", {
      key: project.adminKey,
      json: { name: "Tool failures to triage", isLive: true, samplingPercent: 100, filter: { all: [{ field: "flag", classifier: "tool_call_errors", op: "flagged" }] } },
    });
    const failed = failedToolTrace();
    const clean = chatTrace();
    for (const trace of [failed, clean]) await call("/v1/traces", { key: project.ingestKey, json: trace.body });
    await deliverTraceEvents(project.projectId, [failed.traceId, clean.traceId]);
    expect(await items(project, queue.body.id)).toEqual([failed.traceId]);
  });
});

describe("evaluation results exported on spans", () => {
  it("become machine scores at settle time, replaced rather than duplicated on re-settle, and feed live queue filters", async () => {
    const project = await createTestProject();
    const queue = await call<{ id: string }>("/api/v1/queues", {
      key: project.adminKey,
      json: { name: "Helpfulness scored", isLive: true, samplingPercent: 100, filter: { all: [{ field: "score", evaluation: "helpfulness", op: "exists" }] } },
    });
    const scored = chatTrace();
    const chat = scored.body.resourceSpans[0]!.scopeSpans[0]!.spans[1]!;
    const event = {
      name: "gen_ai.evaluation.result",
      timeUnixNano: chat.endTimeUnixNano,
      attributes: [
        { key: "gen_ai.evaluation.name", value: { stringValue: "helpfulness" } },
        { key: "gen_ai.evaluation.score.value", value: { doubleValue: 0.25 } },
        { key: "gen_ai.evaluation.explanation", value: { stringValue: "did not answer the question" } },
      ],
    };
    const body = { resourceSpans: [{ ...scored.body.resourceSpans[0]!, scopeSpans: [{ ...scored.body.resourceSpans[0]!.scopeSpans[0]!, spans: [scored.body.resourceSpans[0]!.scopeSpans[0]!.spans[0]!, { ...chat, events: [event] }] }] }] };
    expect((await call("/v1/traces", { key: project.ingestKey, json: body })).status).toBe(200);
    const plain = chatTrace();
    await call("/v1/traces", { key: project.ingestKey, json: plain.body });
    for (let i = 0; i < 2; i++) await deliverTraceEvents(project.projectId, [scored.traceId, plain.traceId]);

    const stored = await project.db.select().from(scores).where(eq(scores.projectId, project.projectId));
    const exported = stored.filter((s) => s.source === "otlp");
    expect(exported).toHaveLength(1);
    expect(exported[0]).toMatchObject({ traceId: scored.traceId, evaluation: "helpfulness", valueNumber: 0.25, reason: "did not answer the question" });
    expect(await items(project, queue.body.id)).toEqual([scored.traceId]);
  });
});
