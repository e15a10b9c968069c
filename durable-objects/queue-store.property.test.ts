import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../worker/db/client";
import { annotationQueues, queueItems } from "../worker/db/schema";
import { createTestProject } from "../test/support/project";
import { QueueError, QueueStore, type ItemStatus, type QueueSettings } from "./queue-store";

// Random interleavings of every queue operation and of the clock, checked step by step against a small model.
// Each run gets a fresh Durable Object and drives QueueStore with explicit clocks, so leases lapse on demand.

const LEASE_MS = 1_000;
const POOL = ["t0", "t1", "t2", "t3", "t4", "t5"];
const PEOPLE = ["r0", "r1", "r2", "r3", "r4"];
const START = 1_750_000_000_000;
const RUNS = { numRuns: 100 };

type Op =
  | { kind: "add"; items: number[] }
  | { kind: "claim"; reviewer: number }
  | { kind: "complete" | "release"; reviewer: number; item: number | "held" }
  | { kind: "reopen" | "remove"; item: number }
  | { kind: "tick"; ms: number }
  | { kind: "configure"; perItem: number } // an admin changing reviewers per item midway
  | { kind: "break" }; // where the mirror property flushes; a no-op elsewhere
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
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom("reopen", "remove"), item: index }) },
  // Exactly LEASE_MS matters: a lease lapses at its expiry instant, not one millisecond later.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("tick"), ms: fc.oneof(fc.nat(300), fc.constantFrom(LEASE_MS - 1, LEASE_MS), fc.integer({ min: LEASE_MS, max: 3 * LEASE_MS })) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("configure"), perItem: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "break" as const }) },
);
const scenario: fc.Arbitrary<Scenario> = fc.record({
  reviewers: fc.integer({ min: 1, max: 5 }),
  perItem: fc.integer({ min: 1, max: 3 }),
  // Opens with an add so most steps meet items; "max" size so runs are as long as allowed, not mostly tiny.
  ops: fc
    .tuple(fc.uniqueArray(index, { minLength: 1, maxLength: POOL.length }), fc.array(op, { maxLength: 40, size: "max" }))
    .map(([items, rest]): Op[] => [{ kind: "add", items }, ...rest]),
});

/** holders: reviewer → lease expiry. */
interface ModelItem { addedAt: number; reviews: string[]; holders: Map<string, number> }

/**
 * The queue as a reviewer would describe it. Leases lapse only when a claim or complete looks, as in the store.
 * Lowering reviewersPerItem drops the leases an item no longer needs, keeping those that expire first.
 */
class Model {
  readonly items = new Map<string, ModelItem>();
  constructor(public perItem: number) {}

  status(item: ModelItem): ItemStatus {
    return item.reviews.length >= this.perItem ? "completed" : item.holders.size > 0 ? "reserved" : "pending";
  }
  /** Review order: oldest first, then by trace id (every item here has the default priority). */
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
  /** Release and reopen: an unconditional change to one item, or not_found. */
  change(id: string, edit: (item: ModelItem) => unknown): ItemStatus | "not_found" {
    const item = this.items.get(id);
    if (!item) return "not_found";
    edit(item);
    return this.status(item);
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
  configure(perItem: number): void {
    this.perItem = perItem;
    for (const item of this.items.values()) {
      const kept = [...item.holders].sort(([a, x], [b, y]) => x - y || (a < b ? -1 : 1)).slice(0, Math.max(0, perItem - item.reviews.length));
      item.holders = new Map(kept);
    }
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
const rows = <T>(sql: SqlStorage, query: string) => sql.exec(query).toArray() as T[];

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
  /** everyStep: the invariants after each step, or (where another property is the point) once per visit. */
  constructor(readonly scenario: Scenario, readonly everyStep = true) {
    this.model = new Model(scenario.perItem);
  }

  start(store: QueueStore, queueId: string, projectId = "prj_property"): void {
    this.settings = { queueId, projectId, reviewersPerItem: this.scenario.perItem, leaseMs: LEASE_MS, samplingPercent: 100 };
    store.configure(this.settings);
  }
  private settings: QueueSettings | undefined;

  apply(sql: SqlStorage, ops: readonly Op[]): void {
    const store = new QueueStore(sql);
    for (const op of ops) {
      this.step(store, op);
      if (this.everyStep) checkInvariants(sql, store, this.model);
    }
    if (!this.everyStep) checkInvariants(sql, store, this.model);
  }

  private step(store: QueueStore, op: Op): void {
    const { model, now } = this;
    const reviewer = "reviewer" in op ? PEOPLE[op.reviewer % this.scenario.reviewers]! : "";
    if (op.kind === "tick") this.now += op.ms;
    else if (op.kind === "configure") {
      this.settings = { ...this.settings!, reviewersPerItem: op.perItem };
      store.configure(this.settings);
      model.configure(op.perItem);
    } else if (op.kind === "add") {
      const ids = op.items.map((i) => POOL[i]!);
      expect(store.add(ids, now)).toBe(model.add(ids, now));
    } else if (op.kind === "remove") {
      expect(store.remove(POOL[op.item]!)).toBe(model.items.delete(POOL[op.item]!));
    } else if (op.kind === "reopen") {
      expect(attempt(() => store.reopen(POOL[op.item]!, now))).toBe(model.change(POOL[op.item]!, (item) => (item.reviews = [])));
    } else if (op.kind === "claim") {
      const expected = model.claim(reviewer, now);
      const order = model.order();
      expect(store.claim(reviewer, now), `claim by ${reviewer} at ${now}`).toEqual(
        expected === null ? null : { traceId: expected, leaseExpiresAt: now + LEASE_MS, position: order.indexOf(expected) + 1, total: order.length },
      );
    } else if (op.kind === "complete") {
      const id = op.item === "held" ? (model.held(reviewer) ?? POOL[0]!) : POOL[op.item]!;
      expect(attempt(() => store.complete(id, reviewer, now)), `${reviewer} completes ${id}`).toBe(model.complete(id, reviewer, now));
    } else if (op.kind === "release") {
      const id = op.item === "held" ? (model.held(reviewer) ?? POOL[0]!) : POOL[op.item]!;
      expect(attempt(() => store.release(id, reviewer, now))).toBe(model.change(id, (item) => item.holders.delete(reviewer)));
    }
  }
}

function freshQueue() {
  const queueId = `q_prop_${crypto.randomUUID()}`;
  return { queueId, stub: env.ANNOTATION_QUEUE.get(env.ANNOTATION_QUEUE.idFromName(queueId)) };
}

/** The ops between breaks, each run in one visit to the object. */
const segments = (ops: readonly Op[]) =>
  ops.reduce<Op[][]>((parts, op) => (op.kind === "break" ? [...parts, []] : (parts.at(-1)!.push(op), parts)), [[]]);

describe("QueueStore under random interleavings", () => {
  let projectId = "";
  beforeAll(async () => {
    projectId = (await createTestProject()).projectId;
  });

  // First: creating and evicting objects gets slower the more objects the session already holds.
  it("carries on exactly where it was after an eviction midway", async () => {
    const withSplit = scenario.chain((s) => fc.record({ s: fc.constant(s), at: fc.integer({ min: 0, max: s.ops.length }) }));
    await fc.assert(
      fc.asyncProperty(withSplit, async ({ s, at }) => {
        const { queueId, stub } = freshQueue();
        // The model carries the expectations across; every step after the eviction is checked against it.
        const run = new Run(s);
        const before = await runInDurableObject(stub, (_instance, state) => {
          run.start(new QueueStore(state.storage.sql), queueId);
          run.apply(state.storage.sql, s.ops.slice(0, at));
          return dump(state.storage.sql);
        });
        await evictDurableObject(stub);
        await runInDurableObject(stub, (_instance, state) => {
          expect(dump(state.storage.sql), "state after eviction").toEqual(before);
          run.apply(state.storage.sql, s.ops.slice(at));
        });
      }),
      RUNS,
    );
  }, 30_000);

  it("keeps leases exclusive, reviews single and counters exact", async () => {
    // Found by this property: changing reviewersPerItem left completed_at stale, left items over-reserved, and
    // left a lease on an item the change completed, which its holder's next claim then returned.
    const changedPerItem: Scenario[] = [
      { reviewers: 1, perItem: 1, ops: [{ kind: "add", items: [0] }, { kind: "complete", reviewer: 0, item: 0 }, { kind: "configure", perItem: 2 }] },
      { reviewers: 2, perItem: 2, ops: [{ kind: "add", items: [0] }, { kind: "complete", reviewer: 0, item: 0 }, { kind: "claim", reviewer: 1 }, { kind: "configure", perItem: 1 }, { kind: "claim", reviewer: 1 }] },
    ];
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { queueId, stub } = freshQueue();
        const run = new Run(s);
        await runInDurableObject(stub, (_instance, state) => {
          run.start(new QueueStore(state.storage.sql), queueId);
          run.apply(state.storage.sql, s.ops);
        });
      }),
      { ...RUNS, examples: changedPerItem.map((example) => [example]) },
    );
  }, 30_000);

  it("converges the D1 mirror on the object's state each time its alarm runs", async () => {
    const db = database(env.DB);
    // Found by this property: a trace removed and added again between two flushes kept its old addedAt in D1.
    const readded: Scenario = { reviewers: 1, perItem: 1, ops: [{ kind: "add", items: [0] }, { kind: "break" }, { kind: "remove", item: 0 }, { kind: "tick", ms: 1 }, { kind: "add", items: [0] }] };
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { queueId, stub } = freshQueue();
        await db.insert(annotationQueues).values({ id: queueId, projectId, name: "property", updatedAt: Date.now() });
        const run = new Run(s, false);
        for (const [i, part] of segments(s.ops).entries()) {
          // What D1 should hold once the outbox is drained, read in the same visit that changed the state.
          const truth = await runInDurableObject(stub, async (_instance, state) => {
            const store = new QueueStore(state.storage.sql);
            if (i === 0) run.start(store, queueId, projectId);
            else expect(store.outbox(1), "outbox left after the last alarm").toEqual([]);
            run.apply(state.storage.sql, part);
            // Far in the future so it never fires by itself: the test decides when the mirror runs.
            await state.storage.setAlarm(Date.now() + 3_600_000);
            const items = rows<{ trace_id: string; status: string; added_at: number; completed_at: number | null }>(
              state.storage.sql, "SELECT trace_id, status, added_at, completed_at FROM items ORDER BY trace_id",
            ).map((r) => ({ traceId: r.trace_id, status: r.status, reviewedBy: store.reviewers(r.trace_id), addedAt: r.added_at, completedAt: r.completed_at }));
            const { total, completed } = store.progress();
            return { items, counters: [total, completed] };
          });
          expect(await runDurableObjectAlarm(stub)).toBe(true);
          const mirrored = await db.select().from(queueItems).where(eq(queueItems.queueId, queueId)).orderBy(queueItems.traceId);
          expect(mirrored.map(({ traceId, status, reviewedBy, addedAt, completedAt }) => ({ traceId, status, reviewedBy, addedAt, completedAt }))).toEqual(truth.items);
          const [queue] = await db.select().from(annotationQueues).where(eq(annotationQueues.id, queueId));
          expect([queue?.totalItems, queue?.completedItems], "counters").toEqual(truth.counters);
        }
        await runInDurableObject(stub, (_instance, state) => expect(new QueueStore(state.storage.sql).outbox(1)).toEqual([]));
      }),
      { ...RUNS, examples: [[readded]] },
    );
  }, 30_000);
});
