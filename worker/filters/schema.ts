import { z } from "zod";
import { ServiceError } from "../errors";
import {
  numberFieldNames,
  numberFields,
  operators,
  statusValues,
  textFieldNames,
  textFields,
  timeFieldNames,
  timeFields,
  type FieldType,
} from "./fields";
import { boundValueCount, checkShape, LIMITS } from "./limits";

// A FilterSet is a group: { all: Node[] } (every node holds; empty matches everything) or { any: Node[] } (some
// node holds; empty matches nothing). A node is a condition or a nested group. Conditions are a discriminated
// union by `field`, then by `op`, so each field accepts only its own operators and value types, and every issue
// carries a path (e.g. "all.2.value") and a message a filter builder can show beside the offending input.

const required = (what: string, expected: string): z.core.$ZodErrorMap => (issue) =>
  issue.input === undefined ? `${what} is required` : `${what} must be ${expected}`;

// Lone surrogates cannot cross into D1 (UTF-8) intact, so they are replaced up front: SQL and memory then
// compare the very same string.
const wellFormed = (value: string) => value.toWellFormed();

const text = z
  .string({ error: required("value", "text") })
  .overwrite(wellFormed)
  .max(LIMITS.textLength, `value must be at most ${LIMITS.textLength} characters`);
const textList = z.array(text, { error: required("value", "a list of texts") }).min(1, "value must list at least one entry");
const number = z.number({ error: required("value", "a number") });
const numberRange = z
  .tuple([number, number], { error: required("value", "a [min, max] pair of numbers") })
  .refine(([min, max]) => min <= max, "value's min must not exceed its max");
const time = z.number({ error: required("value", "a time in epoch milliseconds") });
const timeRange = z
  .tuple([time, time], { error: required("value", "a [from, to] pair of epoch milliseconds") })
  .refine(([from, to]) => from <= to, "value's start must not be after its end");
const seconds = z
  .number({ error: required("value", "a number of seconds") })
  .positive("value must be a positive number of seconds")
  .max(LIMITS.withinSeconds, "value must be at most 100 years in seconds");
const statusValue = z.enum(statusValues, { error: required("value", `one of: ${statusValues.join(", ")}`) });

function name(what: string) {
  return z
    .string({ error: required(what, "text") })
    .overwrite(wellFormed)
    .min(1, `${what} is required`)
    .max(LIMITS.nameLength, `${what} must be at most ${LIMITS.nameLength} characters`);
}

function unsupportedOperator(type: FieldType): z.core.$ZodErrorMap {
  const allowed = operators[type].join(", ");
  return (issue) => {
    if (issue.code !== "invalid_union") return undefined;
    const field = String(property(issue.input, "field"));
    const op = property(issue.input, "op");
    if (op === undefined) return `choose an operator for ${field}: ${allowed}`;
    return `${field} does not support the operator ${JSON.stringify(op)}; use one of: ${allowed}`;
  };
}

const NODE_SHAPE = "expected a condition (with a field) or a group ({ all: [...] } or { any: [...] })";

const unknownField: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === "invalid_type") return NODE_SHAPE;
  if (issue.code !== "invalid_union") return undefined;
  const field = property(issue.input, "field");
  if (field === undefined) return "field is required";
  return `unknown field ${JSON.stringify(field)}; use one of: ${allFieldNames.join(", ")}`;
};

function property(input: unknown, key: string): unknown {
  return typeof input === "object" && input !== null ? Reflect.get(input, key) : undefined;
}

const textField = z.enum(textFieldNames);
const textCondition = z.discriminatedUnion(
  "op",
  [
    z.object({ field: textField, op: z.enum(["equals", "notEquals", "contains", "startsWith"]), value: text }),
    z.object({ field: textField, op: z.literal("in"), value: textList }),
    z.object({ field: textField, op: z.enum(["isSet", "isNotSet"]) }),
  ],
  { error: unsupportedOperator("text") },
);

const statusCondition = z.discriminatedUnion(
  "op",
  [
    z.object({ field: z.literal("status"), op: z.enum(["equals", "notEquals"]), value: statusValue }),
    z.object({
      field: z.literal("status"),
      op: z.literal("in"),
      value: z.array(statusValue, { error: required("value", "a list of statuses") }).min(1, "value must list at least one entry"),
    }),
  ],
  { error: unsupportedOperator("status") },
);

const numberField = z.enum(numberFieldNames);
const numberCondition = z.discriminatedUnion(
  "op",
  [
    z.object({ field: numberField, op: z.enum(["equals", "notEquals", "gt", "gte", "lt", "lte"]), value: number }),
    z.object({ field: numberField, op: z.literal("between"), value: numberRange }),
    z.object({ field: numberField, op: z.enum(["isSet", "isNotSet"]) }),
  ],
  { error: unsupportedOperator("number") },
);

const timeField = z.enum(timeFieldNames);
const timeCondition = z.discriminatedUnion(
  "op",
  [
    z.object({ field: timeField, op: z.enum(["before", "after"]), value: time }),
    z.object({ field: timeField, op: z.literal("between"), value: timeRange }),
    z.object({ field: timeField, op: z.literal("within"), value: seconds }),
  ],
  { error: unsupportedOperator("time") },
);

const tagsCondition = z.discriminatedUnion(
  "op",
  [
    z.object({ field: z.literal("tags"), op: z.literal("has"), value: text }),
    z.object({ field: z.literal("tags"), op: z.enum(["hasAny", "hasAll", "hasNone"]), value: textList }),
  ],
  { error: unsupportedOperator("tags") },
);

const metadataCondition = z.discriminatedUnion(
  "op",
  [
    z.object({ field: z.literal("metadata"), key: name("key"), op: z.enum(["equals", "notEquals", "contains"]), value: text }),
    z.object({ field: z.literal("metadata"), key: name("key"), op: z.enum(["isSet", "isNotSet"]) }),
  ],
  { error: unsupportedOperator("metadata") },
);

const flagCondition = z.discriminatedUnion(
  "op",
  [z.object({ field: z.literal("flag"), classifier: name("classifier"), op: z.enum(["flagged", "notFlagged"]) })],
  { error: unsupportedOperator("flag") },
);

const scoreCondition = z.discriminatedUnion(
  "op",
  [
    z.object({ field: z.literal("score"), evaluation: name("evaluation"), op: z.enum(["exists", "notExists"]) }),
    z.object({
      field: z.literal("score"),
      evaluation: name("evaluation"),
      op: z.literal("equals"),
      value: z.union([text, number, z.boolean()], { error: required("value", "text, a number, or true/false") }),
    }),
    z.object({ field: z.literal("score"), evaluation: name("evaluation"), op: z.enum(["above", "below"]), value: number }),
  ],
  { error: unsupportedOperator("score") },
);

const allFieldNames = [...textFieldNames, "status", ...numberFieldNames, ...timeFieldNames, "tags", "metadata", "flag", "score"];

/** One condition on its own: what a filter builder validates row by row. */
export const conditionSchema = z.discriminatedUnion(
  "field",
  [textCondition, statusCondition, numberCondition, timeCondition, tagsCondition, metadataCondition, flagCondition, scoreCondition],
  { error: unknownField },
);

export type FilterCondition = z.output<typeof conditionSchema>;
export type TextCondition = z.output<typeof textCondition>;
export type StatusCondition = z.output<typeof statusCondition>;
export type NumberCondition = z.output<typeof numberCondition>;
export type TimeCondition = z.output<typeof timeCondition>;
export type TagsCondition = z.output<typeof tagsCondition>;
export type MetadataCondition = z.output<typeof metadataCondition>;
export type FlagCondition = z.output<typeof flagCondition>;
export type ScoreCondition = z.output<typeof scoreCondition>;
export type FilterGroup = { all: FilterNode[] } | { any: FilterNode[] };
export type FilterNode = FilterCondition | FilterGroup;
export type FilterSet = FilterGroup;

/** The string tests text fields, status and metadata share, so both evaluators define them once. */
export type TextTest =
  | { op: "equals" | "notEquals" | "contains" | "startsWith"; value: string }
  | { op: "in"; value: readonly string[] }
  | { op: "isSet" | "isNotSet" };

export const isTextCondition = (c: FilterCondition): c is TextCondition => Object.hasOwn(textFields, c.field);
export const isNumberCondition = (c: FilterCondition): c is NumberCondition => Object.hasOwn(numberFields, c.field);
export const isTimeCondition = (c: FilterCondition): c is TimeCondition => Object.hasOwn(timeFields, c.field);

// A group has no `field`, so the union dispatches on its absence: one lookup, and errors stay specific.
const nodeSchema: z.ZodType<FilterNode> = z.lazy(() => z.discriminatedUnion("field", [groupSchema, conditionSchema], { error: unknownField }));

const children = (key: "all" | "any") => z.array(nodeSchema, { error: `${key} must be a list of conditions and groups` }).optional();

const groupSchema = z
  .object({
    field: z.undefined({ error: "conditions go inside a group, e.g. { all: [condition] }" }).optional(),
    all: children("all"),
    any: children("any"),
  }, { error: "expected a group: { all: [...] } or { any: [...] }" })
  .superRefine((group, ctx) => {
    if (group.all !== undefined && group.any !== undefined) ctx.addIssue({ code: "custom", message: "a group has either all or any, not both" });
    if (group.all === undefined && group.any === undefined) {
      ctx.addIssue({ code: "custom", message: NODE_SHAPE });
    }
  })
  .transform((group): FilterGroup => (group.all !== undefined ? { all: group.all } : { any: group.any ?? [] }));

export const filterSetSchema = z
  .unknown()
  .superRefine(checkShape)
  .pipe(groupSchema)
  .superRefine((filter, ctx) => {
    const count = boundValueCount(filter);
    if (count > LIMITS.boundValues) {
      ctx.addIssue({
        code: "custom",
        message: `a filter may hold at most ${LIMITS.boundValues} values (list entries count one each); this one holds ${count}`,
      });
    }
  });

/** Validates a FilterSet from JSON (already parsed, or as the JSON text of a query parameter). */
export function parseFilterSet(json: unknown): FilterSet {
  const result = filterSetSchema.safeParse(typeof json === "string" ? parseJson(json) : json);
  if (!result.success) throw ServiceError.fromZod(result.error, "filter");
  return result.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ServiceError("bad_request", "invalid filter: not valid JSON");
  }
}
