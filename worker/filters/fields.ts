import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { traces } from "../db/schema";

// The registry of filterable trace fields. The schema, the SQL compiler, the in-memory evaluator and the UI's
// "Add filter" menu all read it, so a field is added in one place and the four cannot drift apart.

export type TraceRow = typeof traces.$inferSelect;

/** Operators per field type, in the order a UI should offer them. */
export const operators = {
  text: ["equals", "notEquals", "in", "contains", "startsWith", "isSet", "isNotSet"],
  status: ["equals", "notEquals", "in"],
  number: ["equals", "notEquals", "gt", "gte", "lt", "lte", "between", "isSet", "isNotSet"],
  time: ["before", "after", "between", "within"],
  tags: ["has", "hasAny", "hasAll", "hasNone"],
  metadata: ["equals", "notEquals", "contains", "isSet", "isNotSet"],
  flag: ["flagged", "notFlagged"],
  score: ["exists", "notExists", "equals", "above", "below"],
} as const;
export type FieldType = keyof typeof operators;

export const statusValues = traces.status.enumValues;

type Spec<Read> = { label: string; column: SQLiteColumn; read: (row: TraceRow) => Read };

/** A text field holds one string (or null), or, like `models`, a JSON array whose elements each count. */
export type TextSpec = ({ shape: "scalar" } & Spec<string | null>) | ({ shape: "list" } & Spec<readonly unknown[]>);

export const textFields = {
  name: { shape: "scalar", label: "Name", column: traces.name, read: (t) => t.name },
  provider: { shape: "scalar", label: "Provider", column: traces.provider, read: (t) => t.provider },
  sessionId: { shape: "scalar", label: "Session", column: traces.sessionId, read: (t) => t.sessionId },
  userId: { shape: "scalar", label: "User", column: traces.userId, read: (t) => t.userId },
  environment: { shape: "scalar", label: "Environment", column: traces.environment, read: (t) => t.environment },
  model: { shape: "list", label: "Model", column: traces.models, read: (t) => t.models },
} satisfies Record<string, TextSpec>;

export const numberFields = {
  durationMs: { label: "Duration (ms)", column: traces.durationMs, read: (t) => t.durationMs },
  timeToFirstTokenMs: { label: "Time to first token (ms)", column: traces.timeToFirstTokenMs, read: (t) => t.timeToFirstTokenMs },
  inputTokens: { label: "Input tokens", column: traces.inputTokens, read: (t) => t.inputTokens },
  outputTokens: { label: "Output tokens", column: traces.outputTokens, read: (t) => t.outputTokens },
  totalTokens: { label: "Total tokens", column: traces.totalTokens, read: (t) => t.totalTokens },
  cost: { label: "Cost (USD)", column: traces.cost, read: (t) => t.cost },
  spanCount: { label: "Spans", column: traces.spanCount, read: (t) => t.spanCount },
  toolCallCount: { label: "Tool calls", column: traces.toolCallCount, read: (t) => t.toolCallCount },
  errorCount: { label: "Errors", column: traces.errorCount, read: (t) => t.errorCount },
} satisfies Record<string, Spec<number | null>>;

export const timeFields = {
  createdAt: { label: "Created", column: traces.createdAt, read: (t) => t.createdAt },
  startedAt: { label: "Started", column: traces.startedAt, read: (t) => t.startedAt },
} satisfies Record<string, Spec<number>>;

export type TextField = keyof typeof textFields;
export type NumberField = keyof typeof numberFields;
export type TimeField = keyof typeof timeFields;

export const textFieldNames = keysOf(textFields);
export const numberFieldNames = keysOf(numberFields);
export const timeFieldNames = keysOf(timeFields);

/** What a filter builder offers: every field with its type, label and operators. */
export type FieldInfo = { field: string; label: string; type: FieldType; operators: readonly string[]; values?: readonly string[] };

export const filterFields: readonly FieldInfo[] = [
  ...textFieldNames.map((field) => info(field, textFields[field].label, "text")),
  { ...info("status", "Status", "status"), values: statusValues },
  ...numberFieldNames.map((field) => info(field, numberFields[field].label, "number")),
  ...timeFieldNames.map((field) => info(field, timeFields[field].label, "time")),
  info("tags", "Tags", "tags"),
  info("metadata", "Metadata", "metadata"),
  info("flag", "Classifier flag", "flag"),
  info("score", "Machine score", "score"),
];

function info(field: string, label: string, type: FieldType): FieldInfo {
  return { field, label, type, operators: operators[type] };
}

// Object.keys forgets the literal key types the registries were declared with; they are exactly these keys.
function keysOf<T extends Record<string, unknown>>(record: T): [keyof T & string, ...(keyof T & string)[]] {
  return Object.keys(record) as [keyof T & string, ...(keyof T & string)[]];
}
