import { and, eq, inArray } from "drizzle-orm";
import { chunk, type Database } from "../db/client";
import { scores, traceFlags, traces } from "../db/schema";
import { numberFields, textFields, timeFields, type TextSpec, type TraceRow } from "./fields";
import {
  isNumberCondition,
  isTextCondition,
  isTimeCondition,
  type FilterCondition,
  type FilterNode,
  type FilterSet,
  type NumberCondition,
  type ScoreCondition,
  type TagsCondition,
  type TextTest,
  type TimeCondition,
} from "./schema";
import { asciiLower, scoreNumber, withinStart } from "./semantics";

// The in-memory twin of sql.ts, for live queues deciding on one completed trace. Each rule mirrors its SQL
// counterpart; the equivalence suite checks that both select the same traces.

export type ScoreFact = { evaluation: string; valueNumber: number | null; valueLabel: string | null };

/** A trace row with its classifier flags (classifier names) and machine scores. */
export type FilterRecord = TraceRow & { flags: readonly string[]; scores: readonly ScoreFact[] };

export function matchesFilter(filter: FilterSet, record: FilterRecord, now: number): boolean {
  return nodeMatches(filter, record, now);
}

function nodeMatches(node: FilterNode, record: FilterRecord, now: number): boolean {
  if ("all" in node) return node.all.every((child) => nodeMatches(child, record, now));
  if ("any" in node) return node.any.some((child) => nodeMatches(child, record, now));
  return conditionMatches(node, record, now);
}

function conditionMatches(c: FilterCondition, record: FilterRecord, now: number): boolean {
  if (isTextCondition(c)) return textTestMatches(c, textValues(textFields[c.field], record));
  if (isNumberCondition(c)) return numberMatches(c, numberFields[c.field].read(record));
  if (isTimeCondition(c)) return timeMatches(c, timeFields[c.field].read(record), now);
  switch (c.field) {
    case "status":
      return textTestMatches(c, [record.status]);
    case "tags":
      return tagsMatch(c, strings(record.tags));
    case "metadata":
      return textTestMatches(c, metadataValues(record.metadata, c.key));
    case "flag":
      return record.flags.includes(c.classifier) === (c.op === "flagged");
    case "score":
      return scoreMatches(c, record.scores);
  }
}

function textValues(spec: TextSpec, record: TraceRow): string[] {
  if (spec.shape === "list") return strings(spec.read(record));
  const value = spec.read(record);
  return value === null ? [] : [value];
}

// JSON columns are typed, but a stray non-string element is skipped as SQL's `j.type = 'text'` skips it.
function strings(values: readonly unknown[]): string[] {
  return values.filter((value): value is string => typeof value === "string");
}

function metadataValues(metadata: unknown, key: string): string[] {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata) || !Object.hasOwn(metadata, key)) return [];
  const value: unknown = Reflect.get(metadata, key);
  return typeof value === "string" ? [value] : [];
}

function textTestMatches(test: TextTest, values: readonly string[]): boolean {
  switch (test.op) {
    case "equals":
      return values.includes(test.value);
    case "notEquals":
      return values.length > 0 && !values.includes(test.value);
    case "in":
      return values.some((value) => test.value.includes(value));
    case "contains": {
      const needle = asciiLower(test.value);
      return values.some((value) => asciiLower(value).includes(needle));
    }
    case "startsWith": {
      const prefix = asciiLower(test.value);
      return values.some((value) => asciiLower(value).startsWith(prefix));
    }
    case "isSet":
      return values.some((value) => value !== "");
    case "isNotSet":
      return !values.some((value) => value !== "");
  }
}

function numberMatches(c: NumberCondition, value: number | null): boolean {
  if (c.op === "isSet") return value !== null;
  if (c.op === "isNotSet") return value === null;
  if (value === null) return false;
  switch (c.op) {
    case "equals":
      return value === c.value;
    case "notEquals":
      return value !== c.value;
    case "gt":
      return value > c.value;
    case "gte":
      return value >= c.value;
    case "lt":
      return value < c.value;
    case "lte":
      return value <= c.value;
    case "between":
      return c.value[0] <= value && value <= c.value[1];
  }
}

function timeMatches(c: TimeCondition, value: number, now: number): boolean {
  switch (c.op) {
    case "before":
      return value < c.value;
    case "after":
      return value > c.value;
    case "between":
      return c.value[0] <= value && value <= c.value[1];
    case "within":
      return value >= withinStart(now, c.value);
  }
}

function tagsMatch(c: TagsCondition, tags: readonly string[]): boolean {
  switch (c.op) {
    case "has":
      return tags.includes(c.value);
    case "hasAny":
      return tags.some((tag) => c.value.includes(tag));
    case "hasAll":
      return c.value.every((tag) => tags.includes(tag));
    case "hasNone":
      return !tags.some((tag) => c.value.includes(tag));
  }
}

/** A score condition holds when any row of its evaluation satisfies it. */
function scoreMatches(c: ScoreCondition, facts: readonly ScoreFact[]): boolean {
  const rows = facts.filter((fact) => fact.evaluation === c.evaluation);
  switch (c.op) {
    case "exists":
      return rows.length > 0;
    case "notExists":
      return rows.length === 0;
    case "equals": {
      const expected = c.value;
      if (typeof expected === "string") return rows.some((row) => row.valueLabel === expected);
      return rows.some((row) => row.valueNumber !== null && row.valueNumber === scoreNumber(expected));
    }
    case "above":
      return rows.some((row) => row.valueNumber !== null && row.valueNumber > c.value);
    case "below":
      return rows.some((row) => row.valueNumber !== null && row.valueNumber < c.value);
  }
}

/** Ids per statement: with the project id, within D1's 100 bound parameters. */
const IDS_PER_STATEMENT = 90;

/** FilterRecords for the given traces of a project, in the order given; unknown ids are skipped. */
export async function loadFilterRecords(db: Database, projectId: string, traceIds: readonly string[]): Promise<FilterRecord[]> {
  const unique = [...new Set(traceIds)];
  const byId = new Map<string, TraceRow & { flags: string[]; scores: ScoreFact[] }>();
  for (const ids of chunk(unique, IDS_PER_STATEMENT)) {
    const [rows, flagRows, scoreRows] = await db.batch([
      db.select().from(traces).where(and(eq(traces.projectId, projectId), inArray(traces.id, ids))),
      db
        .select({ traceId: traceFlags.traceId, classifier: traceFlags.classifier })
        .from(traceFlags)
        .where(and(eq(traceFlags.projectId, projectId), inArray(traceFlags.traceId, ids))),
      db
        .select({ traceId: scores.traceId, evaluation: scores.evaluation, valueNumber: scores.valueNumber, valueLabel: scores.valueLabel })
        .from(scores)
        .where(and(eq(scores.projectId, projectId), inArray(scores.traceId, ids))),
    ]);
    for (const row of rows) byId.set(row.id, { ...row, flags: [], scores: [] });
    for (const { traceId, classifier } of flagRows) byId.get(traceId)?.flags.push(classifier);
    for (const { traceId, ...fact } of scoreRows) byId.get(traceId)?.scores.push(fact);
  }
  return unique.flatMap((id) => byId.get(id) ?? []);
}
