import { describe, expect, it } from "vitest";
import { call } from "../support/http";
import { chatTrace } from "../support/otlp";
import { createTestProject } from "../support/project";
import { flushQueueMirror } from "../support/queue";
import { deliverTraceEvents } from "../support/settle";

type Claim = { item: { traceId: string; position: number; total: number } | null };

describe("the thin path over the API: ingest, queue, claim, annotate, complete", () => {
  it("moves a reviewer through a manual queue and updates progress everywhere", async () => {
    const project = await createTestProject();
    const traceIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { traceId, body } = chatTrace();
      traceIds.push(traceId);
      await call("/v1/traces", { key: project.ingestKey, json: body });
    }
    await deliverTraceEvents(project.projectId, traceIds);

    const created = await call<{ id: string; assignees: { id: string }[] }>("/api/v1/queues", {
      key: project.adminKey,
      json: { name: "Support review", instructions: "Check the answer is correct.", assigneeIds: [project.reviewer.id] },
    });
    expect(created.status).toBe(201);
    expect(created.body.assignees.map((a) => a.id)).toEqual([project.reviewer.id]);
    const queueId = created.body.id;
    const added = await call<{ added: number }>(`/api/v1/queues/${queueId}/items`, { key: project.adminKey, json: { traceIds } });
    expect(added.body.added).toBe(3);

    const cookie = await project.sessionCookieFor(project.reviewer.id);
    const first = await call<Claim>(`/api/v1/queues/${queueId}/claim`, { cookie, method: "POST" });
    expect(first.body.item).toMatchObject({ position: 1, total: 3 });
    const traceId = first.body.item!.traceId;

    const configs = await call<{ items: { id: string; name: string }[] }>("/api/v1/score-configs", { cookie });
    const verdict = configs.body.items.find((c) => c.name === "Verdict")!;
    const annotation = await call("/api/v1/annotations", {
      cookie,
      json: { traceId, queueId, scoreConfigId: verdict.id, value: false, comment: "Wrong ship date." },
    });
    expect(annotation.status).toBe(201);
    const badValue = await call("/api/v1/annotations", { cookie, json: { traceId, scoreConfigId: verdict.id, value: "maybe" } });
    expect(badValue.status).toBe(400);

    const done = await call<{ status: string }>(`/api/v1/queues/${queueId}/items/${traceId}/complete`, { cookie, method: "POST" });
    expect(done.body.status).toBe("completed");
    const next = await call<Claim>(`/api/v1/queues/${queueId}/claim`, { cookie, method: "POST" });
    expect(next.body.item?.traceId).not.toBe(traceId);

    const progress = await call(`/api/v1/queues/${queueId}/progress`, { cookie });
    expect(progress.body).toMatchObject({ total: 3, completed: 1, percent: 33.3, byReviewer: { [project.reviewer.id]: 1 } });

    // The queue list reads D1, which the queue's alarm brings up to date.
    await flushQueueMirror(queueId);
    const list = await call<{ items: { id: string; totalItems: number; completedItems: number; percent: number }[] }>("/api/v1/queues", { cookie });
    expect(list.body.items.find((q) => q.id === queueId)).toMatchObject({ totalItems: 3, completedItems: 1, percent: 33.3 });
    const completed = await call<{ items: { traceId: string; reviewedBy: string[] }[] }>(
      `/api/v1/queues/${queueId}/items?status=completed`,
      { cookie },
    );
    expect(completed.body.items).toEqual([expect.objectContaining({ traceId, status: "completed", reviewedBy: ["Rui Reviewer"] })]);
    const annotations = await call<{ items: { comment: string; valueNumber: number }[] }>(`/api/v1/annotations?traceId=${traceId}`, { cookie });
    expect(annotations.body.items).toMatchObject([{ comment: "Wrong ship date.", valueNumber: 0 }]);
  });

  it("lets only assignees and admins claim from a queue with assignees", async () => {
    const project = await createTestProject();
    const queue = await call<{ id: string }>("/api/v1/queues", {
      key: project.adminKey,
      json: { name: "Admins only", assigneeIds: [project.admin.id] },
    });
    const reviewer = await project.sessionCookieFor(project.reviewer.id);
    expect((await call(`/api/v1/queues/${queue.body.id}/claim`, { cookie: reviewer, method: "POST" })).status).toBe(403);
    const admin = await project.sessionCookieFor(project.admin.id);
    expect((await call<Claim>(`/api/v1/queues/${queue.body.id}/claim`, { cookie: admin, method: "POST" })).body).toEqual({ item: null });
  });
});
