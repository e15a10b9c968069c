import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { randomToken } from "../worker/auth/crypto";
import { database } from "../worker/db/client";
import { annotationQueues, queueItems } from "../worker/db/schema";
import { createTestProject } from "../test/support/project";
import { flushQueueMirror } from "../test/support/queue";
import type { AnnotationQueue } from "./annotation-queue";
import { QueueStore } from "./queue-store";

const HOUR = 3_600_000;

async function configuredQueue(settings: { reviewersPerItem?: number; leaseMs?: number; projectId?: string } = {}) {
  const queueId = `q_${randomToken(8)}`;
  const stub = env.ANNOTATION_QUEUE.get(env.ANNOTATION_QUEUE.idFromName(queueId));
  await stub.configure({ queueId, projectId: "prj_test", reviewersPerItem: 1, leaseMs: HOUR, ...settings });
  return { queueId, stub };
}

function claimed(outcome: Awaited<ReturnType<DurableObjectStub<AnnotationQueue>["claim"]>>) {
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.value;
}

describe("AnnotationQueue", () => {
  it("adds each trace once, however often it is added", async () => {
    const { stub } = await configuredQueue();
    expect((await stub.add(["t1", "t2"])).added).toBe(2);
    const again = await stub.add(["t1", "t2", "t3", "t3"]);
    expect(again.added).toBe(1);
    expect(again.progress).toMatchObject({ total: 3, completed: 0, percent: 0 });
  });

  it("gives two reviewers two different items, and the same one again to a reviewer who asks twice", async () => {
    const { stub } = await configuredQueue();
    await stub.add(["t1", "t2"]);
    const first = claimed(await stub.claim("alice"));
    const second = claimed(await stub.claim("bob"));
    expect(first?.traceId).toBeDefined();
    expect(second?.traceId).toBeDefined();
    expect(first?.traceId).not.toBe(second?.traceId);
    expect(claimed(await stub.claim("alice"))?.traceId).toBe(first?.traceId);
    expect(claimed(await stub.claim("carol"))).toBeNull();
  });

  it("serves items in review order and says where each stands", async () => {
    const { stub } = await configuredQueue();
    await stub.add(["b"]);
    await stub.add(["a"]);
    expect(claimed(await stub.claim("alice"))).toMatchObject({ traceId: "b", position: 1, total: 2 });
    expect(claimed(await stub.claim("bob"))).toMatchObject({ traceId: "a", position: 2, total: 2 });
  });

  it("moves the counters on completion and refuses an item someone else holds", async () => {
    const { stub } = await configuredQueue();
    await stub.add(["t1", "t2", "t3", "t4"]);
    const item = claimed(await stub.claim("alice"));
    const stolen = await stub.complete(item!.traceId, "bob");
    expect(stolen).toMatchObject({ ok: false, code: "conflict" });
    expect(await stub.complete(item!.traceId, "alice")).toEqual({ ok: true, value: "completed" });
    expect(await stub.progress()).toMatchObject({ total: 4, completed: 1, percent: 25, byReviewer: { alice: 1 } });
    // Completing twice is a no-op, not a second count.
    await stub.complete(item!.traceId, "alice");
    expect((await stub.progress()).completed).toBe(1);
    expect(await stub.complete("not-there", "alice")).toMatchObject({ ok: false, code: "not_found" });
  });

  it("keeps items and counters across eviction", async () => {
    const { stub } = await configuredQueue();
    await stub.add(["t1", "t2"]);
    const item = claimed(await stub.claim("alice"));
    await stub.complete(item!.traceId, "alice");
    await evictDurableObject(stub);
    expect(await stub.progress()).toMatchObject({ total: 2, completed: 1 });
    expect(claimed(await stub.claim("alice"))?.traceId).not.toBe(item!.traceId);
  });

  it("returns an item to the pool when its lease expires", async () => {
    const { stub } = await configuredQueue({ leaseMs: 60_000 });
    await stub.add(["t1"]);
    // Drive the store with explicit clocks rather than waiting a minute.
    await runInDurableObject(stub, (_instance, state) => {
      const store = new QueueStore(state.storage.sql);
      const now = Date.now();
      expect(store.claim("alice", now)?.traceId).toBe("t1");
      expect(store.claim("bob", now + 59_000)).toBeNull();
      expect(store.claim("bob", now + 61_000)?.traceId).toBe("t1");
    });
  });

  it("upgrades a queue stored by older code without losing its open items", async () => {
    const { stub } = await configuredQueue();
    await stub.add(["t1", "t2"]);
    expect(await stub.claim("alice")).toMatchObject({ ok: true, value: { traceId: "t1" } });
    // The shape older code stored: no slots column, no partial index.
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("DROP INDEX items_open");
      state.storage.sql.exec("ALTER TABLE items DROP COLUMN slots");
      state.storage.sql.exec("DELETE FROM settings WHERE key = 'schema'");
    });
    await evictDurableObject(stub);
    expect(await stub.claim("bob")).toMatchObject({ ok: true, value: { traceId: "t2" } });
    expect(await stub.claim("carol")).toEqual({ ok: true, value: null });
  });

  it("needs as many reviewers as the queue asks for before an item completes", async () => {
    const { stub } = await configuredQueue({ reviewersPerItem: 2 });
    await stub.add(["t1"]);
    expect(claimed(await stub.claim("alice"))?.traceId).toBe("t1");
    expect(claimed(await stub.claim("bob"))?.traceId).toBe("t1");
    expect(claimed(await stub.claim("carol"))).toBeNull();
    expect(await stub.complete("t1", "alice")).toEqual({ ok: true, value: "reserved" });
    expect(await stub.complete("t1", "bob")).toEqual({ ok: true, value: "completed" });
  });

  it("mirrors items and counters into D1 through its alarm", async () => {
    const db = database(env.DB);
    const { projectId } = await createTestProject();
    const { queueId, stub } = await configuredQueue({ projectId });
    await db.insert(annotationQueues).values({ id: queueId, projectId, name: "mirror", updatedAt: Date.now() });
    await stub.add(["t1", "t2"]);
    const item = claimed(await stub.claim("alice"));
    await stub.complete(item!.traceId, "alice");
    await stub.remove("t2");
    await flushQueueMirror(queueId);

    const rows = await db.select().from(queueItems).where(eq(queueItems.queueId, queueId));
    expect(rows.map((r) => [r.traceId, r.status, r.reviewedBy])).toEqual([["t1", "completed", ["alice"]]]);
    const [queue] = await db.select().from(annotationQueues).where(eq(annotationQueues.id, queueId));
    expect(queue).toMatchObject({ totalItems: 1, completedItems: 1 });

    // An older version never overwrites a newer one.
    await db
      .update(queueItems)
      .set({ version: 10_000 })
      .where(and(eq(queueItems.queueId, queueId), eq(queueItems.traceId, "t1")));
    await stub.reopen("t1");
    await flushQueueMirror(queueId);
    const [stale] = await db.select().from(queueItems).where(eq(queueItems.queueId, queueId));
    expect(stale?.status).toBe("completed");
  });
});
