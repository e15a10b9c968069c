import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import worker from "../../worker/index";

/** Delivers trace-events messages to the Worker's real queue handler, as the settle window's end would. */
export async function deliverTraceEvents(projectId: string, traceIds: string[]) {
  const batch = createMessageBatch(
    "trace-events",
    traceIds.map((traceId, i) => ({
      id: `msg-${i}-${traceId}`,
      timestamp: new Date(),
      attempts: 1,
      body: { type: "trace.ingested", projectId, traceId },
    })),
  );
  await worker.queue(batch, { ...env, SETTLE_SECONDS: "0" });
  return getQueueResult(batch, createExecutionContext());
}
