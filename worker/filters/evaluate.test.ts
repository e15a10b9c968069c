import { describe, expect, it } from "vitest";
import { createTestProject } from "../../test/support/project";
import { scores, traceFlags, traces } from "../db/schema";
import { loadFilterRecords, matchesFilter, type FilterRecord } from "./evaluate";
import { parseFilterSet } from "./schema";

const NOW = 1_800_000_000_000;

function record(overrides: Partial<FilterRecord> = {}): FilterRecord {
  return {
    projectId: "p", id: "t1", name: "Checkout Flow", status: "ok", models: ["gpt-4o", "claude-3"], provider: "openai",
    sessionId: "s1", userId: null, environment: "", durationMs: 1500, timeToFirstTokenMs: null, inputTokens: 100,
    outputTokens: 50, totalTokens: 150, cost: 0.25, spanCount: 3, toolCallCount: 1, errorCount: 0, tags: ["beta", "eu"],
    metadata: { "customer.tier": "Gold", 'say "hi"': "yes", empty: "" }, startedAt: NOW - 60_000, endedAt: NOW,
    createdAt: NOW - 30_000, updatedAt: NOW, settledAt: NOW, rootSeen: true, flags: ["refusal"],
    scores: [
      { evaluation: "helpfulness", valueNumber: 0.2, valueLabel: null },
      { evaluation: "helpfulness", valueNumber: 0.9, valueLabel: null },
      { evaluation: "tone", valueNumber: null, valueLabel: "polite" },
      { evaluation: "passed", valueNumber: 1, valueLabel: null },
    ],
    ...overrides,
  };
}

const matches = (filter: unknown, r = record()) => matchesFilter(parseFilterSet(filter), r, NOW);
const holds = (condition: object, r = record()) => matches({ all: [condition] }, r);

describe("text fields", () => {
  it("compares equals/notEquals/in case-sensitively", () => {
    expect(holds({ field: "name", op: "equals", value: "Checkout Flow" })).toBe(true);
    expect(holds({ field: "name", op: "equals", value: "checkout flow" })).toBe(false);
    expect(holds({ field: "name", op: "notEquals", value: "checkout flow" })).toBe(true);
    expect(holds({ field: "provider", op: "in", value: ["anthropic", "openai"] })).toBe(true);
    expect(holds({ field: "provider", op: "in", value: ["OpenAI"] })).toBe(false);
  });

  it("folds only ASCII case for contains and startsWith, as SQLite's lower() does", () => {
    expect(holds({ field: "name", op: "contains", value: "OUT f" })).toBe(true);
    expect(holds({ field: "name", op: "startsWith", value: "check" })).toBe(true);
    expect(holds({ field: "name", op: "startsWith", value: "flow" })).toBe(false);
    expect(holds({ field: "name", op: "contains", value: "ä" }, record({ name: "Ä" }))).toBe(false);
    expect(holds({ field: "name", op: "contains", value: "k" }, record({ name: "\u212a" }))).toBe(false);
    expect(holds({ field: "name", op: "contains", value: "%" }, record({ name: "50%" }))).toBe(true);
    expect(holds({ field: "name", op: "startsWith", value: "_" }, record({ name: "ab" }))).toBe(false);
  });

  it("treats null as failing every comparison, notEquals included, and '' as not set", () => {
    for (const op of ["equals", "notEquals", "contains", "startsWith"]) expect(holds({ field: "userId", op, value: "x" })).toBe(false);
    expect(holds({ field: "userId", op: "in", value: ["x"] })).toBe(false);
    expect(holds({ field: "userId", op: "isNotSet" })).toBe(true);
    expect(holds({ field: "environment", op: "isSet" })).toBe(false);
    expect(holds({ field: "environment", op: "equals", value: "" })).toBe(true);
    expect(holds({ field: "provider", op: "isSet" })).toBe(true);
  });

  it("matches a model condition when any model matches; notEquals means no model is that value", () => {
    expect(holds({ field: "model", op: "equals", value: "claude-3" })).toBe(true);
    expect(holds({ field: "model", op: "startsWith", value: "GPT" })).toBe(true);
    expect(holds({ field: "model", op: "notEquals", value: "claude-3" })).toBe(false);
    expect(holds({ field: "model", op: "notEquals", value: "mistral" })).toBe(true);
    expect(holds({ field: "model", op: "notEquals", value: "mistral" }, record({ models: [] }))).toBe(false);
    expect(holds({ field: "model", op: "isNotSet" }, record({ models: [""] }))).toBe(true);
  });

  it("compares status with equals, notEquals and in", () => {
    expect(holds({ field: "status", op: "equals", value: "ok" })).toBe(true);
    expect(holds({ field: "status", op: "notEquals", value: "ok" })).toBe(false);
    expect(holds({ field: "status", op: "in", value: ["error", "unset"] })).toBe(false);
  });
});

describe("number fields", () => {
  it("compares with strict and inclusive operators", () => {
    expect(holds({ field: "durationMs", op: "gt", value: 1500 })).toBe(false);
    expect(holds({ field: "durationMs", op: "gte", value: 1500 })).toBe(true);
    expect(holds({ field: "totalTokens", op: "lt", value: 150 })).toBe(false);
    expect(holds({ field: "totalTokens", op: "lte", value: 150 })).toBe(true);
    expect(holds({ field: "cost", op: "between", value: [0.25, 1] })).toBe(true);
    expect(holds({ field: "cost", op: "between", value: [0, 0.25] })).toBe(true);
    expect(holds({ field: "errorCount", op: "equals", value: 0 })).toBe(true);
    expect(holds({ field: "errorCount", op: "notEquals", value: 0 })).toBe(false);
  });

  it("fails every comparison on null, notEquals included", () => {
    for (const op of ["equals", "notEquals", "gt", "gte", "lt", "lte"]) expect(holds({ field: "timeToFirstTokenMs", op, value: 5 })).toBe(false);
    expect(holds({ field: "timeToFirstTokenMs", op: "between", value: [-1e9, 1e9] })).toBe(false);
    expect(holds({ field: "timeToFirstTokenMs", op: "isNotSet" })).toBe(true);
    expect(holds({ field: "cost", op: "isSet" })).toBe(true);
  });
});

describe("time fields", () => {
  it("compares epoch milliseconds and `within` relative to now", () => {
    expect(holds({ field: "startedAt", op: "before", value: NOW - 60_000 })).toBe(false);
    expect(holds({ field: "startedAt", op: "after", value: NOW - 61_000 })).toBe(true);
    expect(holds({ field: "createdAt", op: "between", value: [NOW - 30_000, NOW - 30_000] })).toBe(true);
    expect(holds({ field: "startedAt", op: "within", value: 60 })).toBe(true);
    expect(holds({ field: "startedAt", op: "within", value: 59.999 })).toBe(false);
    expect(holds({ field: "startedAt", op: "within", value: 1 }, record({ startedAt: NOW + 5_000 }))).toBe(true);
  });
});

describe("tags and metadata", () => {
  it("has, hasAny, hasAll, hasNone", () => {
    expect(holds({ field: "tags", op: "has", value: "eu" })).toBe(true);
    expect(holds({ field: "tags", op: "has", value: "EU" })).toBe(false);
    expect(holds({ field: "tags", op: "hasAny", value: ["us", "eu"] })).toBe(true);
    expect(holds({ field: "tags", op: "hasAll", value: ["eu", "beta"] })).toBe(true);
    expect(holds({ field: "tags", op: "hasAll", value: ["eu", "us"] })).toBe(false);
    expect(holds({ field: "tags", op: "hasNone", value: ["us"] })).toBe(true);
    expect(holds({ field: "tags", op: "hasNone", value: ["us"] }, record({ tags: [] }))).toBe(true);
  });

  it("reads metadata keys literally, dots and quotes included", () => {
    expect(holds({ field: "metadata", key: "customer.tier", op: "equals", value: "Gold" })).toBe(true);
    expect(holds({ field: "metadata", key: "customer.tier", op: "contains", value: "OL" })).toBe(true);
    expect(holds({ field: "metadata", key: 'say "hi"', op: "isSet" })).toBe(true);
    expect(holds({ field: "metadata", key: "customer", op: "isSet" })).toBe(false);
    expect(holds({ field: "metadata", key: "empty", op: "isNotSet" })).toBe(true);
  });

  it("fails notEquals on a missing key and never reads inherited properties", () => {
    expect(holds({ field: "metadata", key: "missing", op: "notEquals", value: "x" })).toBe(false);
    expect(holds({ field: "metadata", key: "customer.tier", op: "notEquals", value: "Silver" })).toBe(true);
    expect(holds({ field: "metadata", key: "toString", op: "isSet" })).toBe(false);
    expect(holds({ field: "metadata", key: "__proto__", op: "equals", value: "v" }, record({ metadata: Object.fromEntries([["__proto__", "v"]]) }))).toBe(true);
  });
});

describe("flags and scores", () => {
  it("checks classifier flags by name", () => {
    expect(holds({ field: "flag", classifier: "refusal", op: "flagged" })).toBe(true);
    expect(holds({ field: "flag", classifier: "jailbreak", op: "flagged" })).toBe(false);
    expect(holds({ field: "flag", classifier: "jailbreak", op: "notFlagged" })).toBe(true);
  });

  it("holds a score condition when any row of the evaluation satisfies it", () => {
    expect(holds({ field: "score", evaluation: "helpfulness", op: "above", value: 0.5 })).toBe(true);
    expect(holds({ field: "score", evaluation: "helpfulness", op: "below", value: 0.5 })).toBe(true);
    expect(holds({ field: "score", evaluation: "helpfulness", op: "above", value: 0.9 })).toBe(false);
    expect(holds({ field: "score", evaluation: "helpfulness", op: "equals", value: 0.9 })).toBe(true);
    expect(holds({ field: "score", evaluation: "tone", op: "equals", value: "polite" })).toBe(true);
    expect(holds({ field: "score", evaluation: "tone", op: "below", value: 100 })).toBe(false);
    expect(holds({ field: "score", evaluation: "passed", op: "equals", value: true })).toBe(true);
    expect(holds({ field: "score", evaluation: "passed", op: "equals", value: false })).toBe(false);
    expect(holds({ field: "score", evaluation: "Helpfulness", op: "exists" })).toBe(false);
    expect(holds({ field: "score", evaluation: "accuracy", op: "notExists" })).toBe(true);
  });
});

describe("groups", () => {
  const yes = { field: "status", op: "equals", value: "ok" };
  const no = { field: "status", op: "equals", value: "error" };

  it("treats an empty all as everything and an empty any as nothing", () => {
    expect(matches({ all: [] })).toBe(true);
    expect(matches({ any: [] })).toBe(false);
  });

  it("combines nested groups", () => {
    expect(matches({ all: [yes, { any: [no, yes] }] })).toBe(true);
    expect(matches({ all: [yes, { any: [no, { all: [yes, no] }] }] })).toBe(false);
    expect(matches({ any: [no, { all: [yes, { any: [yes] }] }] })).toBe(true);
  });
});

describe("loadFilterRecords", () => {
  it("loads traces with their flags and scores, in the order asked, skipping unknown ids", async () => {
    const { db, projectId } = await createTestProject();
    const other = await createTestProject();
    const [a, b, unknown] = ["a".repeat(32), "b".repeat(32), "c".repeat(32)];
    const base = { startedAt: NOW, endedAt: NOW, updatedAt: NOW };
    await db.batch([
      db.insert(traces).values([a, b].map((id) => ({ ...base, projectId, id, tags: ["x"], metadata: { k: "v" } }))),
      db.insert(traces).values({ ...base, projectId: other.projectId, id: a }),
      db.insert(traceFlags).values([
        { projectId, traceId: b, classifier: "refusal" },
        { projectId: other.projectId, traceId: a, classifier: "jailbreak" },
      ]),
      db.insert(scores).values({ id: `${projectId}-s`, projectId, traceId: b, evaluation: "tone", valueLabel: "polite", source: "test" }),
    ]);

    const loaded = await loadFilterRecords(db, projectId, [b, unknown, a, b]);
    expect(loaded.map((r) => r.id)).toEqual([b, a]);
    expect(loaded[0]).toMatchObject({ flags: ["refusal"], scores: [{ evaluation: "tone", valueNumber: null, valueLabel: "polite" }], tags: ["x"] });
    expect(loaded[1]).toMatchObject({ flags: [], scores: [], metadata: { k: "v" } });
  });
});
