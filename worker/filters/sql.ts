import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { scores, traceFlags, traces } from "../db/schema";
import { numberFields, textFields, timeFields, type TextSpec } from "./fields";
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

// Compiles a FilterSet to one SQL condition over the `traces` table. Every user value is a bound parameter
// (the count is `boundValueCount` + 1 for the project id); only constant operators and names are SQL text.
// Every condition is two-valued (never NULL), so a null column simply fails the comparison, as in memory.

export type FilterSqlOptions = { projectId: string; now: number };

/**
 * For `.where(and(eq(traces.projectId, p), filterToSql(f, { projectId: p, now })))` on the unaliased `traces`
 * table. The project scope is repeated inside, so the condition is safe on its own too.
 */
export function filterToSql(filter: FilterSet, options: FilterSqlOptions): SQL {
  return sql`(${traces.projectId} = ${options.projectId} AND ${nodeSql(filter, options.now)})`;
}

function nodeSql(node: FilterNode, now: number): SQL {
  if ("all" in node) return joined(node.all.map((child) => nodeSql(child, now)), "AND");
  if ("any" in node) return joined(node.any.map((child) => nodeSql(child, now)), "OR");
  return conditionSql(node, now);
}

/** An empty `all` is true and an empty `any` false: each connective's identity. */
function joined(parts: SQL[], connective: "AND" | "OR"): SQL {
  if (parts.length === 0) return connective === "AND" ? sql`1` : sql`0`;
  return sql`(${sql.join(parts, sql.raw(` ${connective} `))})`;
}

function conditionSql(c: FilterCondition, now: number): SQL {
  if (isTextCondition(c)) return textTestSql(c, textSubject(textFields[c.field]));
  if (isNumberCondition(c)) return numberSql(c);
  if (isTimeCondition(c)) return timeSql(c, now);
  switch (c.field) {
    case "status":
      return textTestSql(c, scalarSubject(traces.status));
    case "tags":
      return tagsSql(c);
    case "metadata":
      return textTestSql(c, metadataSubject(c.key));
    case "flag":
      return c.op === "flagged" ? sql`EXISTS (${flagRows(c.classifier)})` : sql`NOT EXISTS (${flagRows(c.classifier)})`;
    case "score":
      return scoreSql(c);
  }
}

/**
 * The values a text condition looks at, as "some value satisfies this test". `single` subjects hold at most one
 * value, which lets notEquals bind its value once.
 */
type Subject = { single: boolean; some: (test: (value: SQL) => SQL) => SQL };

function scalarSubject(column: SQLiteColumn): Subject {
  return { single: true, some: (test) => sql`(${column} IS NOT NULL AND ${test(sql`${column}`)})` };
}

/** Elements of a JSON array column; non-string elements are ignored, as in memory. */
function listSubject(column: SQLiteColumn): Subject {
  return {
    single: false,
    some: (test) => sql`EXISTS (SELECT 1 FROM json_each(${column}) AS j WHERE j.type = 'text' AND ${test(sql`j.value`)})`,
  };
}

function textSubject(spec: TextSpec): Subject {
  return spec.shape === "scalar" ? scalarSubject(spec.column) : listSubject(spec.column);
}

/**
 * json_each compares the key as a bound string, so keys with dots, quotes or `$` need no JSON-path escaping
 * (which SQLite's path syntax cannot express for every key).
 */
function metadataSubject(key: string): Subject {
  return {
    single: true,
    some: (test) =>
      sql`EXISTS (SELECT 1 FROM json_each(${traces.metadata}) AS j WHERE j.key = ${key} AND j.type = 'text' AND ${test(sql`j.value`)})`,
  };
}

function textTestSql(test: TextTest, subject: Subject): SQL {
  switch (test.op) {
    case "equals":
      return subject.some((v) => sql`${v} = ${test.value}`);
    case "notEquals":
      if (subject.single) return subject.some((v) => sql`${v} <> ${test.value}`);
      return sql`(${subject.some(() => sql`1`)} AND NOT ${subject.some((v) => sql`${v} = ${test.value}`)})`;
    case "in":
      return subject.some((v) => sql`${v} IN ${list(test.value)}`);
    case "contains":
      return subject.some((v) => sql`instr(lower(${v}), ${asciiLower(test.value)}) > 0`);
    case "startsWith":
      return subject.some((v) => sql`instr(lower(${v}), ${asciiLower(test.value)}) = 1`);
    case "isSet":
      return subject.some((v) => sql`${v} <> ''`);
    case "isNotSet":
      return sql`NOT ${subject.some((v) => sql`${v} <> ''`)}`;
  }
}

function list(values: readonly (string | number)[]): SQL {
  return sql`(${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )})`;
}

const comparators = { equals: "=", notEquals: "<>", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

function numberSql(c: NumberCondition): SQL {
  const column = numberFields[c.field].column;
  switch (c.op) {
    case "isSet":
      return sql`${column} IS NOT NULL`;
    case "isNotSet":
      return sql`${column} IS NULL`;
    case "between":
      return sql`(${column} IS NOT NULL AND ${column} BETWEEN ${c.value[0]} AND ${c.value[1]})`;
    default:
      return sql`(${column} IS NOT NULL AND ${column} ${sql.raw(comparators[c.op])} ${c.value})`;
  }
}

function timeSql(c: TimeCondition, now: number): SQL {
  const column = timeFields[c.field].column;
  switch (c.op) {
    case "before":
      return sql`${column} < ${c.value}`;
    case "after":
      return sql`${column} > ${c.value}`;
    case "between":
      return sql`${column} BETWEEN ${c.value[0]} AND ${c.value[1]}`;
    case "within":
      return sql`${column} >= ${withinStart(now, c.value)}`;
  }
}

function tagsSql(c: TagsCondition): SQL {
  const tags = listSubject(traces.tags);
  switch (c.op) {
    case "has":
      return tags.some((v) => sql`${v} = ${c.value}`);
    case "hasAny":
      return tags.some((v) => sql`${v} IN ${list(c.value)}`);
    case "hasAll":
      return joined(
        c.value.map((tag) => tags.some((v) => sql`${v} = ${tag}`)),
        "AND",
      );
    case "hasNone":
      return sql`NOT ${tags.some((v) => sql`${v} IN ${list(c.value)}`)}`;
  }
}

function flagRows(classifier: string): SQL {
  return sql`SELECT 1 FROM ${traceFlags} WHERE ${traceFlags.projectId} = ${traces.projectId} AND ${traceFlags.traceId} = ${traces.id} AND ${traceFlags.classifier} = ${classifier}`;
}

/** A score condition holds when any row of its evaluation satisfies it. */
function scoreSql(c: ScoreCondition): SQL {
  const rows = sql`SELECT 1 FROM ${scores} WHERE ${scores.projectId} = ${traces.projectId} AND ${scores.traceId} = ${traces.id} AND ${scores.evaluation} = ${c.evaluation}`;
  switch (c.op) {
    case "exists":
      return sql`EXISTS (${rows})`;
    case "notExists":
      return sql`NOT EXISTS (${rows})`;
    case "equals":
      if (typeof c.value === "string") return sql`EXISTS (${rows} AND ${scores.valueLabel} = ${c.value})`;
      return sql`EXISTS (${rows} AND ${scores.valueNumber} = ${scoreNumber(c.value)})`;
    case "above":
      return sql`EXISTS (${rows} AND ${scores.valueNumber} > ${c.value})`;
    case "below":
      return sql`EXISTS (${rows} AND ${scores.valueNumber} < ${c.value})`;
  }
}
