import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { demoTraceBodies } from "../../scripts/demo-traces";
import { traceFlags } from "../../worker/db/schema";
import { systemQueueId } from "../../worker/projects/system-queues";
import { call } from "../support/http";
import { createTestProject } from "../support/project";
import { flushQueueMirror } from "../support/queue";
import { deliverTraceEvents } from "../support/settle";

describe("the demo data `npm start` loads", () => {
  it("gives the deterministic system queues something to show: failed tools, an empty answer, a looping agent", async () => {
    const project = await createTestProject();
    const traces = demoTraceBodies(36);
    for (const trace of traces) expect((await call("/v1/traces", { key: project.ingestKey, json: trace.body })).status).toBe(200);
    await deliverTraceEvents(project.projectId, traces.map((t) => t.traceId));
    const flags = await project.db.select().from(traceFlags).where(and(eq(traceFlags.projectId, project.projectId)));
    const flagged = (classifier: string) => new Set(flags.filter((f) => f.classifier === classifier).map((f) => f.traceId));
    const failedTools = traces.filter((t) => t.toolFailed).map((t) => t.traceId);
    expect(failedTools.length).toBeGreaterThan(0);
    expect([...flagged("tool_call_errors")].sort()).toEqual(expect.arrayContaining(failedTools.sort()));
    expect(flagged("empty_response").size).toBeGreaterThan(0);
    expect(flagged("trashing").size).toBeGreaterThan(0);
    for (const classifier of ["tool_call_errors", "empty_response", "trashing"] as const) {
      const queueId = systemQueueId(project.projectId, classifier);
      await flushQueueMirror(queueId);
      const items = await call<{ items: { traceId: string }[] }>(`/api/v1/queues/${queueId}/items`, { key: project.adminKey });
      expect(new Set(items.body.items.map((i) => i.traceId)), classifier).toEqual(flagged(classifier));
    }
  });
});
