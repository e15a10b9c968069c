import { env } from "cloudflare:test";
import { and, eq, getTableColumns } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunk, database, rowsPerStatement, type Database } from "../db/client";
import { scores, traceFlags, traces } from "../db/schema";
import { createOrganization, createProject } from "../projects/provision";
import { loadFilterRecords, matchesFilter } from "./evaluate";
import { filtersOver, NOW, traceFixture, type TraceFixture } from "./filter-arbitraries";
import { boundValueCount } from "./limits";
import { parseFilterSet, type FilterCondition, type FilterNode, type FilterSet } from "./schema";
import { filterToSql } from "./sql";

const dialect = new SQLiteAsyncDialect();

const traceId = (i: number) => (i + 1).toString(16).padStart(32, "0");

async function insertFixtures(db: Database, projectId: string, fixtures: readonly TraceFixture[]): Promise<string[]> {
  const ids = fixtures.map((_, i) => traceId(i));
  const rows = fixtures.map(({ flags: _flags, scores: _scores, ...trace }, i) => ({
    ...trace,
    projectId,
    id: traceId(i),
    endedAt: trace.startedAt + 1000,
    updatedAt: trace.createdAt,
  }));
  const flagRows = fixtures.flatMap((t, i) => t.flags.map((classifier) => ({ projectId, traceId: traceId(i), classifier })));
  const scoreRows = fixtures.flatMap((t, i) =>
    // One score per (trace, evaluation, source) is stored, so a trace's several scores come from several sources.
    t.scores.map((s, j) => ({ ...s, id: `${projectId}-${i}-${j}`, projectId, traceId: traceId(i), source: `test-${j}` })),
  );
  const statements = [
    ...chunk(rows, rowsPerStatement(Object.keys(getTableColumns(traces)).length)).map((c) => db.insert(traces).values(c)),
    ...chunk(flagRows, rowsPerStatement(Object.keys(getTableColumns(traceFlags)).length)).map((c) => db.insert(traceFlags).values(c)),
    ...chunk(scoreRows, rowsPerStatement(Object.keys(getTableColumns(scores)).length)).map((c) => db.insert(scores).values(c)),
  ];
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
  return ids;
}

function sqlQuery(db: Database, projectId: string, filter: FilterSet) {
  return db
    .select({ id: traces.id })
    .from(traces)
    .where(and(eq(traces.projectId, projectId), filterToSql(filter, { projectId, now: NOW })));
}

const sorted = (ids: string[]) => [...ids].sort();

/** Each condition of a filter on its own as well: every operator gets checked, not only whole trees. */
function withLeaves(filter: FilterSet): FilterSet[] {
  const leaves = (node: FilterNode): FilterCondition[] =>
    "all" in node ? node.all.flatMap(leaves) : "any" in node ? node.any.flatMap(leaves) : [node];
  return [filter, ...leaves(filter).map((c) => ({ all: [c] }))];
}

describe("SQL compiler and in-memory evaluator", () => {
  it("select the same traces for random traces and random filters", async () => {
    const db = database(env.DB);
    const organizationId = await createOrganization(db, "filter equivalence");
    const scenario = fc
      .array(traceFixture, { minLength: 1, maxLength: 12 })
      .chain((fixtures) => fc.tuple(fc.constant(fixtures), filtersOver(fixtures)));
    const outcomes = { some: 0, none: 0, all: 0 };

    await fc.assert(
      fc.asyncProperty(scenario, async ([fixtures, generated]) => {
        const projectId = await createProject(db, { organizationId, name: "equivalence" });
        const ids = await insertFixtures(db, projectId, fixtures);
        const records = await loadFilterRecords(db, projectId, ids);
        expect(records.map((r) => r.id)).toEqual(ids);

        // Through JSON and the schema, exactly as a filter arrives from the API or a stored queue.
        const candidates = [...generated.trees.flatMap(withLeaves), ...generated.conditions.map((c) => ({ any: [c] }))];
        const filters = candidates.map((f) => parseFilterSet(JSON.parse(JSON.stringify(f))));
        const [first, ...rest] = filters.map((f) => sqlQuery(db, projectId, f));
        if (!first) return;
        const results = await db.batch([first, ...rest]);

        filters.forEach((filter, i) => {
          const bySql = sorted((results[i] ?? []).map((r) => r.id));
          const byMemory = sorted(records.filter((r) => matchesFilter(filter, r, NOW)).map((r) => r.id));
          expect(bySql, JSON.stringify(filter)).toEqual(byMemory);
          expect(dialect.sqlToQuery(filterToSql(filter, { projectId, now: NOW })).params).toHaveLength(boundValueCount(filter) + 1);
          outcomes[bySql.length === 0 ? "none" : bySql.length === ids.length ? "all" : "some"] += 1;
        });
      }),
      { numRuns: 100 },
    );

    // Guards against a vacuous property: filters must often split the traces, not just select none or all.
    const total = outcomes.some + outcomes.none + outcomes.all;
    expect(outcomes.some / total).toBeGreaterThan(0.2);
  }, 60_000);
});
