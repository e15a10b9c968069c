import { createMessageBatch, env, getQueueResult, createExecutionContext } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTestProject } from "../../test/support/project";
import { traces } from "../db/schema";
import { storeSpans } from "../ingest/store";
import type { IngestSpan } from "../traces/model";
import { consumeTraceEvents } from "./consumer";
import { quietSecondsFor } from "./trace-events";

const TRACE = "0af7651916cd43dd8448eb211c80319c";

function span(spanId: string, parentSpanId: string | null): IngestSpan {
  return {
    traceId: TRACE, spanId, parentSpanId, name: parentSpanId ? "child" : "root", kind: 0, startedAt: 1_800_000_000_000,
    endedAt: 1_800_000_001_000, statusCode: 1, statusMessage: null, attributes: {}, events: [], resource: {},
  };
}

function batchOf(bodies: unknown[]) {
  return createMessageBatch("trace-events", bodies.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })));
}

describe("settling", () => {
  it("waits the full window until the root span arrives, then only a short one", () => {
    expect(quietSecondsFor(10, false)).toBe(10);
    expect(quietSecondsFor(10, true)).toBe(2);
    expect(quietSecondsFor(1, true)).toBe(1);
  });

  it("remembers that a trace's root has arrived across requests", async () => {
    const { db, projectId } = await createTestProject();
    expect(await storeSpans(db, projectId, [span("0000000000000002", "0000000000000001")])).toEqual([{ traceId: TRACE, rootSeen: false }]);
    expect(await storeSpans(db, projectId, [span("0000000000000001", null)])).toEqual([{ traceId: TRACE, rootSeen: true }]);
    expect(await storeSpans(db, projectId, [span("0000000000000003", "0000000000000001")])).toEqual([{ traceId: TRACE, rootSeen: true }]);
  });

  it("settles only once the trace has been quiet, skips redeliveries, and re-settles after late spans", async () => {
    const { db, projectId } = await createTestProject();
    const t0 = Date.now();
    await storeSpans(db, projectId, [span("0000000000000001", null)], t0);
    const message = { type: "trace.ingested", projectId, traceId: TRACE, quietSeconds: 2 };
    const settledAt = async () =>
      (await db.select().from(traces).where(and(eq(traces.projectId, projectId), eq(traces.id, TRACE))))[0]?.settledAt;

    await consumeTraceEvents(batchOf([message]), env, t0 + 500);
    expect(await settledAt()).toBeNull();
    await consumeTraceEvents(batchOf([message]), env, t0 + 2_500);
    expect(await settledAt()).toBe(t0 + 2_500);
    await consumeTraceEvents(batchOf([message]), env, t0 + 9_000);
    expect(await settledAt()).toBe(t0 + 2_500);

    await storeSpans(db, projectId, [span("0000000000000009", "0000000000000001")], t0 + 10_000);
    expect(await settledAt()).toBeNull();
    await consumeTraceEvents(batchOf([message]), env, t0 + 13_000);
    expect(await settledAt()).toBe(t0 + 13_000);
  });

  it("acknowledges a malformed message instead of retrying it forever", async () => {
    const batch = batchOf([{ type: "something-else" }]);
    await consumeTraceEvents(batch, env);
    const result = await getQueueResult(batch, createExecutionContext());
    expect(result.explicitAcks).toEqual(["m0"]);
    expect(result.retryMessages).toEqual([]);
  });
});
