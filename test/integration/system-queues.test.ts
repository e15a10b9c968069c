import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { systemQueues } from "../../worker/classifiers/catalog";
import type { ClassifierTrace, RuleClassifier } from "../../worker/classifiers/types";
import { annotations, scores, traceFlags } from "../../worker/db/schema";
import { classifySettled, type ClassificationSteps } from "../../worker/pipeline/classify";
import { settleTraces } from "../../worker/pipeline/settle";
import { provisionSystemQueues, systemQueueId } from "../../worker/projects/system-queues";
import { routeToLiveQueues } from "../../worker/queues/routing";
import { call } from "../support/http";
import { chatTrace, randomTraceId } from "../support/otlp";
import { createTestProject, type TestProject } from "../support/project";
import { flushQueueMirror } from "../support/queue";

type Queue = { id: string; name: string; description: string; instructions: string; systemKey: string | null; isLive: boolean; samplingPercent: number };

async function systemQueuesOf(project: TestProject): Promise<Queue[]> {
  const res = await call<{ items: Queue[] }>("/api/v1/queues?limit=100", { key: project.adminKey });
  expect(res.status).toBe(200);
  return res.body.items.filter((q) => q.systemKey !== null);
}

/** A rule that flags traces whose conversation says "bad": enough to drive storage and routing without the real rules. */
const flagsBadNames: RuleClassifier = {
  key: "tool_call_errors",
  version: "test-1",
  classify: (trace: ClassifierTrace) =>
    JSON.stringify(trace.conversation).includes("bad")
      ? { flagged: true, confidence: 1, reason: "the search tool failed", evidence: { messageIndex: 1 } }
      : { flagged: false, confidence: 1, reason: "no failed tool calls" },
};

function steps(rule: RuleClassifier): ClassificationSteps {
  return {
    rules: [rule],
    assessOutliers: async () => ({ verdicts: new Map(), version: "none" }),
    enqueueLlm: async () => {},
  };
}

async function ingest(project: TestProject, questions: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const question of questions) {
    const trace = chatTrace(randomTraceId(), question);
    await call("/v1/traces", { key: project.ingestKey, json: trace.body });
    ids.push(trace.traceId);
  }
  return ids;
}

async function ingestAndClassify(project: TestProject, questions: string[], rule = flagsBadNames) {
  const ids = await ingest(project, questions);
  const settled = await settleTraces(project.db, ids.map((traceId) => ({ projectId: project.projectId, traceId })));
  await classifySettled(project.db, env, settled, steps(rule));
  return ids;
}

async function itemsOf(project: TestProject, queueId: string): Promise<string[]> {
  await flushQueueMirror(queueId);
  const res = await call<{ items: { traceId: string }[] }>(`/api/v1/queues/${queueId}/items`, { key: project.adminKey });
  return res.body.items.map((i) => i.traceId);
}

describe("system queues", () => {
  it("a new project has the eleven, live, with PRODUCT.md's descriptions and reviewer instructions", async () => {
    const project = await createTestProject();
    const queues = await systemQueuesOf(project);
    expect(queues.map((q) => q.name).sort()).toEqual(systemQueues.map((d) => d.name).sort());
    for (const queue of queues) {
      const definition = systemQueues.find((d) => d.key === queue.systemKey)!;
      expect(queue).toMatchObject({ description: definition.description, instructions: definition.instructions, isLive: true });
      expect(queue.description).toContain("Detects");
    }
  });

  it("keep their purpose read-only, but admins may tune sampling, switch one off or delete it, and it stays deleted", async () => {
    const project = await createTestProject();
    const queueId = systemQueueId(project.projectId, "refusal");
    const rename = await call<{ error: { message: string } }>(`/api/v1/queues/${queueId}`, { key: project.adminKey, method: "PATCH", json: { name: "Mine" } });
    expect(rename.status).toBe(400);
    expect(rename.body.error.message).toContain("name");
    const tuned = await call<Queue>(`/api/v1/queues/${queueId}`, { key: project.adminKey, method: "PATCH", json: { samplingPercent: 25, isLive: false } });
    expect(tuned.status).toBe(200);
    expect(tuned.body).toMatchObject({ samplingPercent: 25, isLive: false, name: "Refusal" });
    expect((await call(`/api/v1/queues/${queueId}`, { key: project.adminKey, method: "DELETE" })).status).toBe(204);
    await provisionSystemQueues(project.db, env, project.projectId);
    expect((await systemQueuesOf(project)).map((q) => q.systemKey)).not.toContain("refusal");
    expect(await systemQueuesOf(project)).toHaveLength(10);
  });

  it("fill with flagged traces, each with a draft annotation, once however often classification repeats", async () => {
    const project = await createTestProject();
    const [bad, good] = await ingestAndClassify(project, ["bad search", "good search"]);
    const queueId = systemQueueId(project.projectId, "tool_call_errors");
    for (let i = 0; i < 2; i++) {
      const settled = await settleTraces(project.db, [bad!, good!].map((traceId) => ({ projectId: project.projectId, traceId })));
      await classifySettled(project.db, env, settled, steps(flagsBadNames));
    }
    // Routing runs in the consumer after classification; here the traces are offered as the consumer would.
    await routeToLiveQueues(project.db, env, [bad!, good!].map((traceId) => ({ projectId: project.projectId, traceId })));
    await routeToLiveQueues(project.db, env, [{ projectId: project.projectId, traceId: bad! }]);
    expect(await itemsOf(project, queueId)).toEqual([bad]);

    const stored = await project.db.select().from(scores).where(and(eq(scores.projectId, project.projectId), eq(scores.evaluation, "tool_call_errors")));
    expect(stored).toHaveLength(2);
    expect(stored.find((s) => s.traceId === bad)).toMatchObject({ flagged: true, valueNumber: 1, provider: "rules", version: "test-1", evidence: { messageIndex: 1 } });
    expect(stored.find((s) => s.traceId === good)).toMatchObject({ flagged: false, valueNumber: 0 });
    const drafts = await project.db.select().from(annotations).where(eq(annotations.projectId, project.projectId));
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ traceId: bad, status: "draft", source: "classifier", queueId, comment: "the search tool failed", target: { level: "message", messageIndex: 1 } });
  });

  it("a trace that no longer meets a rule on re-settle loses its flag, and a reviewer's decision on its draft stands", async () => {
    const project = await createTestProject();
    const [traceId] = await ingestAndClassify(project, ["bad search"]);
    await project.db.update(annotations).set({ status: "rejected" }).where(eq(annotations.traceId, traceId!));
    const never: RuleClassifier = { ...flagsBadNames, classify: () => ({ flagged: false, confidence: 1, reason: "fine now" }) };
    const settled = await settleTraces(project.db, [{ projectId: project.projectId, traceId: traceId! }]);
    await classifySettled(project.db, env, settled, steps(never));
    expect(await project.db.select().from(traceFlags).where(eq(traceFlags.traceId, traceId!))).toEqual([]);
    await classifySettled(project.db, env, settled, steps(flagsBadNames));
    const [draft] = await project.db.select().from(annotations).where(eq(annotations.traceId, traceId!));
    expect(draft?.status).toBe("rejected");
  });

  it("a rule that throws costs only its own verdict", async () => {
    const project = await createTestProject();
    const broken: RuleClassifier = { key: "empty_response", version: "1", classify: () => { throw new Error("bug"); } };
    const ids = await ingest(project, ["a bad one"]);
    const settled = await settleTraces(project.db, [{ projectId: project.projectId, traceId: ids[0]! }]);
    await classifySettled(project.db, env, settled, { ...steps(flagsBadNames), rules: [broken, flagsBadNames] });
    const stored = await project.db.select().from(scores).where(eq(scores.traceId, ids[0]!));
    expect(stored.map((s) => s.evaluation)).toEqual(["tool_call_errors"]);
  });
});
