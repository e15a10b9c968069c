import { describe, expect, it } from "vitest";
import { waterfall } from "../../app/components/trace/span-tree";
import type { Principal } from "../../worker/auth/principal";
import { scores, traceFlags, traces } from "../../worker/db/schema";
import type { FilterSet } from "../../worker/filters/schema";
import { countRecentMatches } from "../../worker/traces/count";
import { filterSuggestions } from "../../worker/traces/filter-suggestions";
import { listSessionsMatching, matchingSessionIds, type SessionSummary } from "../../worker/traces/sessions";
import { traceContext } from "../../worker/traces/trace-context";
import { randomTraceId } from "../support/otlp";
import { createTestProject, type TestProject } from "../support/project";

const DAY = 86_400_000;
const NOW = Date.now();

interface Fixture {
  model: string;
  sessionId: string | null;
  ageMs: number;
  tokens: number;
  cost: number | null;
  userId: string | null;
}

const fixtures: Fixture[] = [
  { model: "gpt-4o", sessionId: "s1", ageMs: 1 * DAY, tokens: 100, cost: 0.5, userId: "u1" },
  { model: "claude", sessionId: "s1", ageMs: 2 * DAY, tokens: 10, cost: null, userId: "u1" },
  { model: "gpt-4o", sessionId: "s1", ageMs: 3 * DAY, tokens: 5, cost: 0.25, userId: "u1" },
  { model: "claude", sessionId: "s2", ageMs: 0.5 * DAY, tokens: 7, cost: 1, userId: "u2" },
  { model: "gpt-4o", sessionId: "s3", ageMs: 4 * DAY, tokens: 1, cost: 0.1, userId: null },
  { model: "gpt-4o", sessionId: "s3", ageMs: 9 * DAY, tokens: 2, cost: 0.2, userId: "u3" },
  { model: "gpt-4o", sessionId: null, ageMs: 0.1 * DAY, tokens: 3, cost: 0.3, userId: null },
  { model: "gpt-4o", sessionId: "s4", ageMs: 30 * DAY, tokens: 4, cost: 0.4, userId: "u4" },
];

const byModel = (model: string): FilterSet => ({ all: [{ field: "model", op: "equals", value: model }] });

function principal(p: TestProject): Principal {
  return { kind: "user", userId: p.admin.id, projectId: p.projectId, role: "admin", name: "Ada Admin", email: p.admin.email };
}

async function seed(p: TestProject): Promise<string[]> {
  const ids = fixtures.map(() => randomTraceId());
  // One row per statement: D1 binds at most 100 values.
  const rows = fixtures.map((f, i) => ({
      projectId: p.projectId,
      id: ids[i]!,
      name: `trace ${i}`,
      startedAt: NOW - f.ageMs,
      endedAt: NOW - f.ageMs + 100,
      models: [f.model],
      sessionId: f.sessionId,
      userId: f.userId,
      totalTokens: f.tokens,
      cost: f.cost,
      updatedAt: NOW,
      settledAt: NOW,
    }));
  const [first, ...rest] = rows.map((row) => p.db.insert(traces).values(row));
  if (first) await p.db.batch([first, ...rest]);
  return ids;
}

/** What a session row should say, computed from the fixtures the same way the page describes it. */
function expectedSessions(matching: (f: Fixture) => boolean): Omit<SessionSummary, "firstStartedAt">[] {
  const groups = new Map<string, Fixture[]>();
  for (const f of fixtures) if (f.sessionId && matching(f)) groups.set(f.sessionId, [...(groups.get(f.sessionId) ?? []), f]);
  return [...groups.entries()]
    .map(([sessionId, list]) => ({
      sessionId,
      traceCount: list.length,
      lastStartedAt: Math.max(...list.map((f) => NOW - f.ageMs)),
      totalTokens: list.reduce((n, f) => n + f.tokens, 0),
      cost: list.some((f) => f.cost !== null) ? list.reduce((n, f) => n + (f.cost ?? 0), 0) : null,
      errorCount: 0,
      userIds: [...new Set(list.map((f) => f.userId).filter((u): u is string => u !== null))].sort(),
    }))
    .sort((a, b) => b.lastStartedAt - a.lastStartedAt);
}

async function allPages(p: TestProject, filter: FilterSet | null, limit: number) {
  const rows: SessionSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await listSessionsMatching(p.db, principal(p), { limit, cursor, filter });
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

describe("dashboards", () => {
  it("counts the recent traces a filter matches, out of all recent ones", async () => {
    const p = await createTestProject();
    await seed(p);
    const recent = fixtures.filter((f) => f.ageMs <= 7 * DAY);
    for (const model of ["gpt-4o", "claude", "none"]) {
      const count = await countRecentMatches(p.db, principal(p), byModel(model), { now: NOW });
      expect(count).toMatchObject({ total: recent.length, matched: recent.filter((f) => f.model === model).length, windowDays: 7 });
    }
    expect((await countRecentMatches(p.db, principal(p), null, { now: NOW })).matched).toBe(recent.length);
    const other = await createTestProject();
    expect(await countRecentMatches(other.db, principal(other), null, { now: NOW })).toMatchObject({ total: 0, matched: 0 });
  });

  it("lists sessions with a matching trace, totals over the matching traces, across pages without gaps or repeats", async () => {
    const p = await createTestProject();
    await seed(p);
    for (const [filter, matching] of [
      [null, () => true],
      [byModel("gpt-4o"), (f: Fixture) => f.model === "gpt-4o"],
      [byModel("claude"), (f: Fixture) => f.model === "claude"],
    ] as const) {
      for (const limit of [1, 2, 50]) {
        const rows = await allPages(p, filter, limit);
        const actual = rows.map(({ firstStartedAt: _first, ...row }) => ({ ...row, userIds: [...row.userIds].sort(), cost: row.cost === null ? null : Number(row.cost.toFixed(6)) }));
        const expected = expectedSessions(matching).map((row) => ({ ...row, cost: row.cost === null ? null : Number(row.cost.toFixed(6)) }));
        expect(actual).toEqual(expected);
      }
      expect(new Set(await matchingSessionIds(p.db, principal(p), filter))).toEqual(new Set(expectedSessions(matching).map((s) => s.sessionId)));
    }
  });

  it("gives the trace page its scores, flags and suggestions for the filter builder", async () => {
    const p = await createTestProject();
    const [traceId] = await seed(p);
    await p.db.insert(scores).values([
      { id: `s-${traceId}`, projectId: p.projectId, traceId: traceId!, evaluation: "helpfulness", valueNumber: 0.8, source: "api" },
      { id: `c-${traceId}`, projectId: p.projectId, traceId: traceId!, evaluation: "refusal", source: "classifier", flagged: true, confidence: 0.9, reason: "declined" },
    ]);
    await p.db.insert(traceFlags).values({ projectId: p.projectId, traceId: traceId!, classifier: "refusal", reason: "declined" });
    const context = await traceContext(p.db, principal(p), traceId!);
    expect(context.scores.map((s) => [s.evaluation, s.source])).toEqual([["helpfulness", "api"], ["refusal", "classifier"]]);
    expect(context.flags).toMatchObject([{ classifier: "refusal", reason: "declined" }]);
    const other = await createTestProject();
    expect(await traceContext(other.db, principal(other), traceId!)).toEqual({ scores: [], flags: [], queues: [] });
    const suggestions = await filterSuggestions(p.db, principal(p));
    expect(suggestions.evaluations).toEqual(expect.arrayContaining(["helpfulness", "refusal", "Verdict"]));
    expect(suggestions.classifiers).toContain("refusal");
  });
});

describe("trace waterfall", () => {
  const span = (id: string, parentSpanId: string | null, startedAt: number, endedAt: number) => ({ id, parentSpanId, startedAt, endedAt });

  it("puts children under their parent in start order, with bars on the trace's time axis", () => {
    const rows = waterfall([span("c2", "root", 60, 100), span("root", null, 0, 100), span("c1", "root", 10, 50), span("g", "c1", 20, 30)]);
    expect(rows.map((r) => [r.span.id, r.depth])).toEqual([["root", 0], ["c1", 1], ["g", 2], ["c2", 1]]);
    for (const row of rows) {
      expect(row.offset).toBeCloseTo(row.span.startedAt, 6);
      expect(row.width).toBeCloseTo(row.span.endedAt - row.span.startedAt, 6);
    }
  });

  it("shows orphans and cycles instead of dropping or looping on them", () => {
    const rows = waterfall([span("a", "b", 0, 1), span("b", "a", 0, 1), span("orphan", "missing", 5, 5), span("self", "self", 2, 3)]);
    expect(rows.map((r) => r.span.id).sort()).toEqual(["a", "b", "orphan", "self"]);
    const orphan = rows.find((r) => r.span.id === "orphan");
    expect(orphan?.depth).toBe(0);
    expect(orphan?.width).toBeGreaterThan(0);
  });
});
