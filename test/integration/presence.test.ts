import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { PresenceUpdate } from "../../durable-objects/queue-presence";
import { call } from "../support/http";
import { chatTrace } from "../support/otlp";
import { createTestProject, type TestProject } from "../support/project";
import { deliverTraceEvents } from "../support/settle";

/** A reviewer's page: a WebSocket to the queue's presence endpoint, and the updates it has received. */
async function connect(queueId: string, cookie: string) {
  const res = await SELF.fetch(`http://localhost/api/v1/queues/${queueId}/presence`, { headers: { Upgrade: "websocket", Cookie: cookie } });
  expect(res.status).toBe(101);
  const socket = res.webSocket!;
  socket.accept();
  const updates: PresenceUpdate[] = [];
  const waiters: { test: (u: PresenceUpdate) => boolean; resolve: (u: PresenceUpdate) => void }[] = [];
  socket.addEventListener("message", (event) => {
    const update = JSON.parse(String(event.data)) as PresenceUpdate;
    updates.push(update);
    for (const waiter of waiters.splice(0)) (waiter.test(update) ? waiter.resolve(update) : waiters.push(waiter));
  });
  return {
    socket,
    /** The first update (already received or still to come) that passes `test`. */
    until(test: (u: PresenceUpdate) => boolean): Promise<PresenceUpdate> {
      const seen = updates.find(test);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ test, resolve }));
    },
  };
}

async function queueWithTwoItems(project: TestProject) {
  const traces = [chatTrace(), chatTrace()];
  for (const trace of traces) await call("/v1/traces", { key: project.ingestKey, json: trace.body });
  await deliverTraceEvents(project.projectId, traces.map((t) => t.traceId));
  const queue = await call<{ id: string }>("/api/v1/queues", { key: project.adminKey, json: { name: "presence" } });
  await call(`/api/v1/queues/${queue.body.id}/items`, { key: project.adminKey, json: { traceIds: traces.map((t) => t.traceId) } });
  return { queueId: queue.body.id, traceIds: traces.map((t) => t.traceId) };
}

describe("queue presence over WebSocket", () => {
  it("shows who is on which item and the progress, updating as reviewers move and complete items", async () => {
    const project = await createTestProject();
    const { queueId, traceIds } = await queueWithTwoItems(project);
    const ada = await connect(queueId, await project.sessionCookieFor(project.admin.id));
    await ada.until((u) => u.reviewers.length === 1 && u.progress.total === 2);
    const rui = await connect(queueId, await project.sessionCookieFor(project.reviewer.id));
    await ada.until((u) => u.reviewers.map((r) => r.name).join() === "Ada Admin,Rui Reviewer");

    rui.socket.send(JSON.stringify({ type: "viewing", traceId: traceIds[0] }));
    const moved = await ada.until((u) => u.reviewers.some((r) => r.name === "Rui Reviewer" && r.traceIds[0] === traceIds[0]));
    expect(moved.reviewers.find((r) => r.name === "Ada Admin")?.traceIds).toEqual([]);

    const reviewer = await project.sessionCookieFor(project.reviewer.id);
    const claimed = await call<{ item: { traceId: string } }>(`/api/v1/queues/${queueId}/claim`, { cookie: reviewer, method: "POST" });
    const done = await call(`/api/v1/queues/${queueId}/items/${claimed.body.item.traceId}/complete`, { cookie: reviewer, method: "POST" });
    expect(done.status).toBe(200);
    const progressed = await ada.until((u) => u.progress.completed === 1);
    expect(progressed.progress).toMatchObject({ total: 2, completed: 1, percent: 50 });

    rui.socket.close(1000, "done");
    await ada.until((u) => u.reviewers.length === 1);
    ada.socket.close(1000, "done");
  });

  it("refuses a plain request, a foreign queue and a key that cannot review", async () => {
    const project = await createTestProject();
    const other = await createTestProject();
    const { queueId } = await queueWithTwoItems(project);
    const cookie = await project.sessionCookieFor(project.reviewer.id);
    expect((await call(`/api/v1/queues/${queueId}/presence`, { cookie })).status).toBe(400);
    const foreign = await SELF.fetch(`http://localhost/api/v1/queues/${queueId}/presence`, {
      headers: { Upgrade: "websocket", Cookie: await other.sessionCookieFor(other.reviewer.id) },
    });
    expect(foreign.status).toBe(404);
    const ingestOnly = await SELF.fetch(`http://localhost/api/v1/queues/${queueId}/presence`, {
      headers: { Upgrade: "websocket", Authorization: `Bearer ${project.ingestKey}` },
    });
    expect(ingestOnly.status).toBe(403);
  });
});
