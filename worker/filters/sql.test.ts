import { and, eq, gt } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestProject, type TestProject } from "../../test/support/project";
import { traceFlags, traces } from "../db/schema";
import { loadFilterRecords, matchesFilter } from "./evaluate";
import { LIMITS } from "./limits";
import { parseFilterSet } from "./schema";
import { filterToSql } from "./sql";

const NOW = 1_800_000_000_000;
const HOSTILE = `x'); DROP TABLE traces; --`;
const id = (n: number) => n.toString(16).padStart(32, "0");

// Named traces with the strings SQLite most easily gets "almost right": wildcards, non-ASCII case, odd keys.
const rows: { name: string; metadata: Record<string, string> }[] = [
  { name: "50% off", metadata: { "a.b": "dot", 'q"uote': "quote" } },
  { name: "_private", metadata: { $: "dollar", "[0]": "index" } },
  { name: "Ärger", metadata: { "a\\b": "backslash" } },
  { name: "\u212aelvin", metadata: { "": "empty key" } },
  { name: HOSTILE, metadata: { [HOSTILE]: HOSTILE } },
];
const rowsWithIds = rows.map((row, i) => ({ ...row, id: id(i + 1), startedAt: NOW, endedAt: NOW, updatedAt: NOW }));

let project: TestProject;

beforeAll(async () => {
  project = await createTestProject();
  const projectId = project.projectId;
  const other = await createTestProject();
  await project.db.batch([
    project.db.insert(traces).values(rowsWithIds.map((row) => ({ ...row, projectId }))),
    // The same ids and data in another project must never leak into this one's results.
    project.db.insert(traces).values(rowsWithIds.map((row) => ({ ...row, projectId: other.projectId }))),
    project.db.insert(traceFlags).values({ projectId: other.projectId, traceId: id(1), classifier: "refusal" }),
  ]);
});

/** Names selected by SQL, after checking the in-memory evaluator selects the very same traces. */
async function selected(filter: unknown): Promise<string[]> {
  const { db, projectId } = project;
  const parsed = parseFilterSet(filter);
  const bySql = await db.select({ id: traces.id, name: traces.name }).from(traces).where(filterToSql(parsed, { projectId, now: NOW }));
  const records = await loadFilterRecords(db, projectId, rowsWithIds.map((row) => row.id));
  const byMemory = records.filter((record) => matchesFilter(parsed, record, NOW)).map((record) => record.name);
  expect(bySql.map((row) => row.name).sort()).toEqual(byMemory.sort());
  return bySql.map((row) => row.name).sort();
}

const one = (condition: object) => selected({ all: [condition] });

describe("filterToSql", () => {
  it("scopes to the project on its own and treats empty groups as everything / nothing", async () => {
    expect(await selected({ all: [] })).toHaveLength(rows.length);
    expect(await selected({ any: [] })).toEqual([]);
    expect(await one({ field: "flag", classifier: "refusal", op: "flagged" })).toEqual([]);
  });

  it("binds every user string instead of writing it into the SQL text", async () => {
    const filter = parseFilterSet({ any: [{ field: "name", op: "equals", value: HOSTILE }, { field: "metadata", key: HOSTILE, op: "equals", value: HOSTILE }] });
    const query = new SQLiteAsyncDialect().sqlToQuery(filterToSql(filter, { projectId: project.projectId, now: NOW }));
    expect(query.sql).not.toContain("DROP");
    expect(query.params).toEqual([project.projectId, HOSTILE, HOSTILE, HOSTILE]);
    expect(await selected(filter)).toEqual([HOSTILE]);
  });

  it("gives no special meaning to LIKE wildcards and folds only ASCII case", async () => {
    expect(await one({ field: "name", op: "contains", value: "%" })).toEqual(["50% off"]);
    expect(await one({ field: "name", op: "startsWith", value: "_" })).toEqual(["_private"]);
    expect(await one({ field: "name", op: "startsWith", value: "ärger" })).toEqual([]);
    expect(await one({ field: "name", op: "startsWith", value: "Är" })).toEqual(["Ärger"]);
    expect(await one({ field: "name", op: "contains", value: "kelvin" })).toEqual([]);
    expect(await one({ field: "name", op: "contains", value: "ELVIN" })).toEqual(["\u212aelvin"]);
  });

  it("reads metadata keys literally, whatever JSON-path syntax they contain", async () => {
    expect(await one({ field: "metadata", key: "a.b", op: "equals", value: "dot" })).toEqual(["50% off"]);
    expect(await one({ field: "metadata", key: 'q"uote', op: "isSet" })).toEqual(["50% off"]);
    expect(await one({ field: "metadata", key: "$", op: "equals", value: "dollar" })).toEqual(["_private"]);
    expect(await one({ field: "metadata", key: "[0]", op: "isSet" })).toEqual(["_private"]);
    expect(await one({ field: "metadata", key: "a\\b", op: "contains", value: "SLASH" })).toEqual(["Ärger"]);
    expect(await one({ field: "metadata", key: "a", op: "isSet" })).toEqual([]);
  });

  it("fits the largest allowed filter, plus the caller's own conditions, within D1's parameter limit", async () => {
    const tags = { field: "tags", op: "hasNone", value: Array.from({ length: LIMITS.boundValues / 2 }, (_, i) => `t${i}`) };
    const filter = parseFilterSet({ all: [tags, tags] });
    const { db, projectId } = project;
    const where = and(eq(traces.projectId, projectId), filterToSql(filter, { projectId, now: NOW }), gt(traces.id, ""));
    const found = await db.select({ id: traces.id }).from(traces).where(where).limit(10);
    expect(found).toHaveLength(rows.length);
  });
});
