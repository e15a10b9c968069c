import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../worker/db/client";
import { annotationQueues, queueItems } from "../worker/db/schema";
import { createTestProject } from "../test/support/project";
import { QueueError, QueueStore, type ItemStatus } from "./queue-store";

// Random interleavings of every queue operation and of the clock, checked step by step against a small model.
// Each run gets a fresh Durable Object and drives QueueStore with explicit clocks, so leases lapse on demand.

const LEASE_MS = 1_000;
const POOL = ["t0", "t1", "t2", "t3", "t4", "t5"];
const PEOPLE = ["r0", "r1", "r2", "r3", "r4"];
const START = 1_750_000_000_000;
const RUNS = { numRuns: 100 };

type Target = number | "held";
type Op =
  | { kind: "add"; items: number[] }
  | { kind: "claim"; reviewer: number }
  | { kind: "complete" | "release"; reviewer: number; item: Target }
  | { kind: "reopen"; item: number }
  | { kind: "remove"; item: number }
  | { kind: "tick"; ms: number }
  // Where the object is evicted, or its mirror flushed, depending on the property; a no-op elsewhere.
  | { kind: "break" };
interface Scenario { reviewers: number; perItem: number; ops: Op[] }

const index = fc.nat(POOL.length - 1);
// "held" aims at what the reviewer holds, so completes and releases mostly hit live reservations.
const target = fc.oneof(fc.constant<"held">("held"), index);
const reviewer = fc.nat(PEOPLE.length - 1);
const act = (kind: "complete" | "release") => fc.record({ kind: fc.constant(kind), reviewer, item: target });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("add"), items: fc.uniqueArray(index, { minLength: 1, maxLength: 4 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("claim"), reviewer }) },
  { weight: 4, arbitrary: act("complete") },
  { weight: 1, arbitrary: act("release") },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reopen"), item: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove"), item: index }) },
  // Exactly LEASE_MS matters: a lease lapses at its expiry instant, not one millisecond later.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("tick"), ms: fc.oneof(fc.nat(300), fc.constantFrom(LEASE_MS - 1, LEASE_MS), fc.integer({ min: LEASE_MS, max: 3 * LEASE_MS })) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "break" as const }) },
);
const scenario: fc.Arbitrary<Scenario> = fc.record({
  reviewers: fc.integer({ min: 1, max: 5 }),
  perItem: fc.integer({ min: 1, max: 3 }),
  ops: fc.array(op, { maxLength: 40 }),
});

interface ModelItem { addedAt: number; reviews: string[]; holders: Map<string, number> }

/** The queue as a reviewer would describe it. Leases lapse only when a claim or complete looks, as in the store. */
class Model {
  readonly items = new Map<string, ModelItem>();
  constructor(readonly perItem: number) {}

  status(item: ModelItem): ItemStatus {
    return item.reviews.length >= this.perItem ? "completed" : item.holders.size > 0 ? "reserved" : "pending";
  }
  order(): string[] {
    return [...this.items].sort(([a, x], [b, y]) => x.addedAt - y.addedAt || (a < b ? -1 : 1)).map(([id]) => id);
  }
  held(reviewer: string): string | undefined {
    return [...this.items].find(([, item]) => item.holders.has(reviewer))?.[0];
  }
  lapse(now: number): void {
    for (const item of this.items.values()) for (const [r, until] of item.holders) if (until <= now) item.holders.delete(r);
  }
  add(ids: string[], now: number): number {
    const fresh = ids.filter((id) => !this.items.has(id));
    for (const id of fresh) this.items.set(id, { addedAt: now, reviews: [], holders: new Map() });
    return fresh.length;
  }
  claim(reviewer: string, now: number): string | null {
    this.lapse(now);
    const id = this.held(reviewer) ?? this.order().find((id) => {
      const item = this.items.get(id)!;
      return !item.reviews.includes(reviewer) && item.reviews.length + item.holders.size < this.perItem;
    });
    if (id === undefined) return null;
    this.items.get(id)!.holders.set(reviewer, now + LEASE_MS);
    return id;
  }
  complete(id: string, reviewer: string, now: number): ItemStatus | QueueError["code"] {
    const item = this.items.get(id);
    if (!item) return "not_found";
    this.lapse(now);
    if (!item.reviews.includes(reviewer)) {
      // Anyone may finish an item nobody else has fully spoken for; holding it is one way to have spoken.
      const others = [...item.holders.keys()].filter((r) => r !== reviewer).length;
      if (!item.holders.has(reviewer) && item.reviews.length + others >= this.perItem) return "conflict";
      item.reviews.push(reviewer);
    }
    item.holders.delete(reviewer);
    return this.status(item);
  }
  progress() {
    const items = [...this.items.values()];
    const completed = items.filter((item) => this.status(item) === "completed").length;
    const byReviewer: Record<string, number> = {};
    for (const r of items.flatMap((item) => item.reviews)) byReviewer[r] = (byReviewer[r] ?? 0) + 1;
    const percent = items.length === 0 ? 0 : Math.round((completed / items.length) * 1000) / 10;
    return { total: items.length, completed, percent, byReviewer };
  }
}

function attempt<T>(change: () => T): T | QueueError["code"] {
  try {
    return change();
  } catch (error) {
    if (error instanceof QueueError) return error.code;
    throw error;
  }
}

const rows = <T,>(sql: SqlStorage, query: string) => sql.exec(query).toArray() as T[];

/** Everything the queue stores, in a stable order: two dumps are equal exactly when the states are. */
function dump(sql: SqlStorage) {
  return ["settings ORDER BY key", "items ORDER BY trace_id", "reservations ORDER BY trace_id, reviewer_id",
    "reviews ORDER BY trace_id, reviewer_id", "outbox ORDER BY trace_id"].map((t) => rows(sql, `SELECT * FROM ${t}`));
}

function checkInvariants(sql: SqlStorage, store: QueueStore, model: Model): void {
  const held = rows<{ trace_id: string; reviewer_id: string; expires_at: number }>(sql, "SELECT * FROM reservations");
  const reviewed = new Set(rows<{ trace_id: string; reviewer_id: string }>(sql, "SELECT * FROM reviews").map((r) => `${r.trace_id}/${r.reviewer_id}`));
  const reviewers = held.map((h) => h.reviewer_id);
  expect(new Set(reviewers).size, "a reviewer holds two items").toBe(reviewers.length);
  for (const id of new Set(held.map((h) => h.trace_id))) {
    const holders = held.filter((h) => h.trace_id === id).length;
    expect(holders, `${id} reserved beyond what it still needs`).toBeLessThanOrEqual(model.perItem - store.reviewers(id).length);
    expect(store.item(id)?.status, `${id} reserved while completed`).not.toBe("completed");
  }
  for (const h of held) expect(reviewed.has(`${h.trace_id}/${h.reviewer_id}`), "holds an item already reviewed").toBe(false);
  const { version: _version, ...progress } = store.progress();
  expect(progress).toEqual(model.progress());
  for (const [id, item] of model.items) {
    const stored = store.item(id);
    expect(stored?.status, id).toBe(model.status(item));
    expect(stored?.added_at, id).toBe(item.addedAt);
    expect(stored?.completed_at !== null, `${id} completed_at`).toBe(model.status(item) === "completed");
    expect([...store.reviewers(id)].sort(), id).toEqual([...item.reviews].sort());
    expect(held.filter((h) => h.trace_id === id).map((h) => [h.reviewer_id, h.expires_at]).sort(), id).toEqual([...item.holders].sort());
  }
  expect(rows<{ n: number }>(sql, "SELECT COUNT(*) AS n FROM items")[0]?.n).toBe(model.items.size);
}

/** One scenario's clock and model, carried across however many Durable Object visits it takes. */
class Run {
  now = START;
  readonly model: Model;
  constructor(readonly scenario: Scenario) {
    this.model = new Model(scenario.perItem);
  }

  start(store: QueueStore, queueId: string, projectId = "prj_property"): void {
    store.configure({ queueId, projectId, reviewersPerItem: this.scenario.perItem, leaseMs: LEASE_MS, samplingPercent: 100 });
  }

  apply(sql: SqlStorage, ops: readonly Op[]): void {
    const store = new QueueStore(sql);
    for (const op of ops) {
      this.step(sql, store, op);
      checkInvariants(sql, store, this.model);
    }
  }

  private step(sql: SqlStorage, store: QueueStore, op: Op): void {
    const { model, now } = this;
    switch (op.kind) {
      case "break":
        return;
      case "tick":
        this.now += op.ms;
        return;
      case "add": {
        const ids = op.items.map((i) => POOL[i]!);
        expect(store.add(ids, now)).toBe(model.add(ids, now));
        return;
      }
      case "remove":
        expect(store.remove(POOL[op.item]!)).toBe(model.items.delete(POOL[op.item]!));
        return;
      case "reopen": {
        const item = model.items.get(POOL[op.item]!);
        if (item) item.reviews = [];
        expect(attempt(() => store.reopen(POOL[op.item]!, now))).toBe(item ? model.status(item) : "not_found");
        return;
      }
      case "claim": {
        const reviewer = this.reviewer(op.reviewer);
        const claimed = store.claim(reviewer, now);
        const expected = model.claim(reviewer, now);
        expect(claimed?.traceId ?? null, `claim by ${reviewer} at ${now}`).toBe(expected);
        if (claimed && expected) {
          const order = model.order();
          expect(claimed).toEqual({ traceId: expected, leaseExpiresAt: now + LEASE_MS, position: order.indexOf(expected) + 1, total: order.length });
        }
        return;
      }
      case "complete":
      case "release": {
        const reviewer = this.reviewer(op.reviewer);
        const id = op.item === "held" ? (model.held(reviewer) ?? POOL[0]!) : POOL[op.item]!;
        if (op.kind === "complete") {
          expect(attempt(() => store.complete(id, reviewer, now)), `${reviewer} completes ${id}`).toBe(model.complete(id, reviewer, now));
          return;
        }
        const item = model.items.get(id);
        item?.holders.delete(reviewer);
        expect(attempt(() => store.release(id, reviewer, now))).toBe(item ? model.status(item) : "not_found");
      }
    }
  }

  private reviewer(index: number): string {
    return PEOPLE[index % this.scenario.reviewers]!;
  }
}

function freshQueue() {
  const queueId = `q_prop_${crypto.randomUUID()}`;
  return { queueId, stub: env.ANNOTATION_QUEUE.get(env.ANNOTATION_QUEUE.idFromName(queueId)) };
}

/** The ops between breaks: each segment runs in one visit to the object. */
function segments(ops: readonly Op[]): Op[][] {
  return ops.reduce<Op[][]>((parts, op) => (op.kind === "break" ? [...parts, []] : (parts.at(-1)!.push(op), parts)), [[]]);
}

describe("QueueStore under random interleavings", () => {
  let projectId = "";
  beforeAll(async () => {
    projectId = (await createTestProject()).projectId;
  });

  it("keeps leases exclusive, reviews single and counters exact", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { queueId, stub } = freshQueue();
        const run = new Run(s);
        await runInDurableObject(stub, (_instance, state) => {
          run.start(new QueueStore(state.storage.sql), queueId);
          run.apply(state.storage.sql, s.ops);
        });
      }),
      RUNS,
    );
  }, 30_000);

  it("ends in the same state whether or not the object is evicted at each break", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const evicted = freshQueue();
        const steady = freshQueue();
        const run = new Run(s);
        // The same queue id on both sides, so the settings rows compare equal too.
        let before = await runInDurableObject(evicted.stub, (_instance, state) => {
          run.start(new QueueStore(state.storage.sql), "q_same");
          return dump(state.storage.sql);
        });
        for (const part of segments(s.ops)) {
          await evictDurableObject(evicted.stub);
          before = await runInDurableObject(evicted.stub, (_instance, state) => {
            expect(dump(state.storage.sql), "state after eviction").toEqual(before);
            run.apply(state.storage.sql, part);
            return dump(state.storage.sql);
          });
        }
        const reference = new Run(s);
        const expected = await runInDurableObject(steady.stub, (_instance, state) => {
          reference.start(new QueueStore(state.storage.sql), "q_same");
          reference.apply(state.storage.sql, s.ops);
          return dump(state.storage.sql);
        });
        expect(before).toEqual(expected);
      }),
      RUNS,
    );
  }, 30_000);

  it("converges the D1 mirror on the object's state each time its alarm runs", async () => {
    const db = database(env.DB);
    const expectMirrored = async (stub: DurableObjectStub, queueId: string) => {
      const truth = await runInDurableObject(stub, (_instance, state) => {
        const store = new QueueStore(state.storage.sql);
        expect(store.outbox(1)).toEqual([]);
        const ids = rows<{ trace_id: string }>(state.storage.sql, "SELECT trace_id FROM items ORDER BY trace_id").map((r) => r.trace_id);
        const items = ids.map((traceId) => {
          const { status, added_at: addedAt, completed_at: completedAt } = store.item(traceId)!;
          return { traceId, status, reviewedBy: store.reviewers(traceId), addedAt, completedAt };
        });
        const { total, completed } = store.progress();
        return { items, counters: [total, completed] };
      });
      const mirrored = await db.select().from(queueItems).where(eq(queueItems.queueId, queueId)).orderBy(queueItems.traceId);
      expect(mirrored.map(({ traceId, status, reviewedBy, addedAt, completedAt }) => ({ traceId, status, reviewedBy, addedAt, completedAt }))).toEqual(truth.items);
      const [queue] = await db.select().from(annotationQueues).where(eq(annotationQueues.id, queueId));
      expect([queue?.totalItems, queue?.completedItems], "counters").toEqual(truth.counters);
    };
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { queueId, stub } = freshQueue();
        await db.insert(annotationQueues).values({ id: queueId, projectId, name: "property", updatedAt: Date.now() });
        const run = new Run(s);
        for (const [i, part] of segments(s.ops).entries()) {
          await runInDurableObject(stub, async (_instance, state) => {
            if (i === 0) run.start(new QueueStore(state.storage.sql), queueId, projectId);
            run.apply(state.storage.sql, part);
            // Far in the future so it never fires by itself: the test decides when the mirror runs.
            await state.storage.setAlarm(Date.now() + 3_600_000);
          });
          expect(await runDurableObjectAlarm(stub)).toBe(true);
          await expectMirrored(stub, queueId);
        }
      }),
      RUNS,
    );
  }, 30_000);
});
