import type { FieldInfo, FieldType } from "../../../worker/filters/fields";
import { filterSetSchema, type FilterCondition, type FilterNode, type FilterSet } from "../../../worker/filters/schema";

// What the filter builder edits: every input as the text the admin typed, so a half-typed number or an empty value
// is kept (and reported) instead of lost. `toFilterSet` turns it into a FilterSet through the very schema the
// server uses, and maps each issue back to the row it belongs to.

export type GroupMode = "all" | "any";
export const withinUnits = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 } as const;
export type WithinUnit = keyof typeof withinUnits;

export interface DraftCondition {
  kind: "condition";
  id: string;
  field: string;
  op: string;
  /** The metadata key, classifier or evaluation a condition names. */
  name: string;
  /** The value, or the lower bound of `between`. */
  value: string;
  /** The upper bound of `between`. */
  upper: string;
  /** The entries of list operators (in, hasAny...), kept exactly as given, commas and spaces included. */
  list: string[];
  unit: WithinUnit;
  /** What a score's `equals` compares: pass/fail, a number, or a category label ("1" and "true" can be labels too). */
  scoreKind: ScoreKind;
}

export type ScoreKind = "boolean" | "number" | "label";

export interface DraftGroup {
  kind: "group";
  id: string;
  mode: GroupMode;
  children: DraftNode[];
}

export type DraftNode = DraftCondition | DraftGroup;

/** Which inputs a condition shows, by field type and operator. */
export type ValueShape = "none" | "text" | "list" | "number" | "range" | "time" | "timeRange" | "within" | "status" | "statusList" | "score";

export function valueShape(type: FieldType, op: string): ValueShape {
  if (["isSet", "isNotSet", "flagged", "notFlagged", "exists", "notExists"].includes(op)) return "none";
  switch (type) {
    case "status":
      return op === "in" ? "statusList" : "status";
    case "number":
      return op === "between" ? "range" : "number";
    case "time":
      return op === "within" ? "within" : op === "between" ? "timeRange" : "time";
    case "tags":
      return op === "has" ? "text" : "list";
    case "score":
      return op === "equals" ? "score" : "number";
    case "text":
      return op === "in" ? "list" : "text";
    default:
      return "text";
  }
}

/** The extra name a field's conditions carry, as the schema spells it. */
export const namedBy: Partial<Record<FieldType, "key" | "classifier" | "evaluation">> = {
  metadata: "key",
  flag: "classifier",
  score: "evaluation",
};

let sequence = 0;
/** Ids for rows the admin adds in the browser; rows from a saved filter get ids from their position instead. */
export function newId(): string {
  sequence += 1;
  return `new-${sequence}`;
}

export function emptyGroup(mode: GroupMode = "all", id = newId()): DraftGroup {
  return { kind: "group", id, mode, children: [] };
}

export function newCondition(field: FieldInfo, id = newId()): DraftCondition {
  return { kind: "condition", id, field: field.field, op: field.operators[0] ?? "", ...blankValues };
}

const blankValues = { name: "", value: "", upper: "", list: [], unit: "hours", scoreKind: "boolean" } satisfies Omit<DraftCondition, "kind" | "id" | "field" | "op">;

function blankIfReshaped(condition: DraftCondition, same: boolean): Pick<DraftCondition, "value" | "upper" | "list"> {
  return same ? { value: condition.value, upper: condition.upper, list: condition.list } : { value: "", upper: "", list: [] };
}

/** Changing the field keeps what still fits: the operator if the new field has it, and the typed values if the shape stays. */
export function withField(condition: DraftCondition, from: FieldInfo | undefined, to: FieldInfo): DraftCondition {
  const op = to.operators.includes(condition.op) ? condition.op : (to.operators[0] ?? "");
  const sameShape = from !== undefined && valueShape(from.type, condition.op) === valueShape(to.type, op);
  const sameName = from !== undefined && namedBy[from.type] === namedBy[to.type];
  return {
    ...condition,
    field: to.field,
    op,
    name: sameName ? condition.name : "",
    ...blankIfReshaped(condition, sameShape),
  };
}

export function withOp(condition: DraftCondition, field: FieldInfo, op: string): DraftCondition {
  const sameShape = valueShape(field.type, condition.op) === valueShape(field.type, op);
  return { ...condition, op, ...blankIfReshaped(condition, sameShape) };
}

export function countConditions(node: DraftNode): number {
  return node.kind === "condition" ? 1 : node.children.reduce((n, child) => n + countConditions(child), 0);
}

// ---- draft -> FilterSet ----

export interface FilterResult {
  /** The validated filter; null when the draft has no conditions (no filter at all) or when it has issues. */
  filter: FilterSet | null;
  /** Messages per draft node id. */
  issues: Record<string, string[]>;
  valid: boolean;
}

type Paths = Map<string, string>;

/** An empty builder means no filter at all (every trace); anything else, even an empty nested group, is a filter. */
export function toFilterSet(draft: DraftGroup, fields: readonly FieldInfo[]): FilterResult {
  if (draft.children.length === 0) return { filter: null, issues: {}, valid: true };
  const types = new Map(fields.map((f) => [f.field, f.type]));
  const paths: Paths = new Map();
  const raw = rawGroup(draft, types, [], paths);
  const parsed = filterSetSchema.safeParse(raw);
  if (parsed.success) return { filter: parsed.data, issues: {}, valid: true };
  const issues: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const id = ownerOf(issue.path.map(String), paths) ?? draft.id;
    issues[id] = [...(issues[id] ?? []), issue.message];
  }
  return { filter: null, issues, valid: false };
}

/** Issue paths from the server ("filter.all.2.value") mapped to rows the same way. */
export function issuesForPaths(draft: DraftGroup, fields: readonly FieldInfo[], messages: Record<string, string>, prefix: string): Record<string, string[]> {
  const types = new Map(fields.map((f) => [f.field, f.type]));
  const paths: Paths = new Map();
  rawGroup(draft, types, [], paths);
  const issues: Record<string, string[]> = {};
  for (const [path, message] of Object.entries(messages)) {
    if (path !== prefix && !path.startsWith(`${prefix}.`)) continue;
    const rest = path === prefix ? [] : path.slice(prefix.length + 1).split(".");
    const id = ownerOf(rest, paths) ?? draft.id;
    issues[id] = [...(issues[id] ?? []), message];
  }
  return issues;
}

/** The deepest draft node whose path is a prefix of the issue's path. */
function ownerOf(path: string[], paths: Paths): string | undefined {
  for (let length = path.length; length >= 0; length -= 1) {
    const id = paths.get(path.slice(0, length).join("."));
    if (id) return id;
  }
  return undefined;
}

function rawGroup(group: DraftGroup, types: Map<string, FieldType>, path: string[], paths: Paths): unknown {
  paths.set(path.join("."), group.id);
  const children = group.children.map((child, i) => {
    const childPath = [...path, group.mode, String(i)];
    return child.kind === "group" ? rawGroup(child, types, childPath, paths) : rawCondition(child, types, childPath, paths);
  });
  return { [group.mode]: children };
}

function rawCondition(condition: DraftCondition, types: Map<string, FieldType>, path: string[], paths: Paths): unknown {
  paths.set(path.join("."), condition.id);
  const type = types.get(condition.field);
  const node: Record<string, unknown> = { field: condition.field, op: condition.op || undefined };
  if (!type) return node;
  const named = namedBy[type];
  if (named) node[named] = condition.name;
  const value = rawValue(valueShape(type, condition.op), condition);
  if (value !== NO_VALUE) node.value = value;
  return node;
}

const NO_VALUE = Symbol("no value");

function rawValue(shape: ValueShape, c: DraftCondition): unknown {
  switch (shape) {
    case "none":
      return NO_VALUE;
    case "text":
    case "status":
      return c.value;
    case "list":
    case "statusList":
      return c.list;
    case "number":
      return number(c.value);
    case "range":
      return [number(c.value), number(c.upper)];
    case "time":
      return time(c.value);
    case "timeRange":
      return [time(c.value), time(c.upper)];
    case "within": {
      const amount = number(c.value);
      return typeof amount === "number" ? amount * withinUnits[c.unit] : amount;
    }
    case "score":
      return c.scoreKind === "label" ? c.value : c.scoreKind === "number" ? number(c.value) : booleanValue(c.value);
  }
}

function booleanValue(text: string): boolean | string | undefined {
  if (text === "") return undefined;
  return text === "true" ? true : text === "false" ? false : text;
}

/** Blank is missing ("value is required"); anything else that is not a number stays text ("must be a number"). */
function number(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : trimmed;
}

/** A datetime-local value, read in the browser's time zone. */
function time(text: string): number | string | undefined {
  if (text.trim() === "") return undefined;
  const ms = new Date(text).getTime();
  return Number.isFinite(ms) ? ms : text;
}

// ---- FilterSet -> draft ----

/** A saved filter as a draft. Ids come from positions, so the server and the browser render the same tree. */
export function fromFilterSet(filter: FilterSet | null | undefined): DraftGroup {
  if (!filter) return emptyGroup("all", "root");
  return draftGroup(filter, "root");
}

function draftGroup(group: FilterSet, id: string): DraftGroup {
  const mode: GroupMode = "all" in group ? "all" : "any";
  const nodes: FilterNode[] = "all" in group ? group.all : group.any;
  return {
    kind: "group",
    id,
    mode,
    children: nodes.map((node, i) => ("all" in node || "any" in node ? draftGroup(node, `${id}.${i}`) : draftCondition(node, `${id}.${i}`))),
  };
}

function draftCondition(condition: FilterCondition, id: string): DraftCondition {
  const draft: DraftCondition = { kind: "condition", id, field: condition.field, op: condition.op, ...blankValues };
  if ("key" in condition) draft.name = condition.key;
  if ("classifier" in condition) draft.name = condition.classifier;
  if ("evaluation" in condition) draft.name = condition.evaluation;
  if (!("value" in condition)) return draft;
  const value: unknown = condition.value;
  const isTime = condition.field === "createdAt" || condition.field === "startedAt";
  if (condition.op === "within" && typeof value === "number") return { ...draft, ...withinDraft(value) };
  if (condition.field === "score") {
    const scoreKind: ScoreKind = typeof value === "boolean" ? "boolean" : typeof value === "number" ? "number" : "label";
    return { ...draft, scoreKind, value: String(value) };
  }
  if (Array.isArray(value)) {
    if (condition.op === "between") {
      const [low, high] = value as [number, number];
      return { ...draft, value: isTime ? localDateTime(low) : String(low), upper: isTime ? localDateTime(high) : String(high) };
    }
    return { ...draft, list: value.map(String) };
  }
  if (isTime && typeof value === "number") return { ...draft, value: localDateTime(value) };
  return { ...draft, value: String(value) };
}

function withinDraft(seconds: number): Pick<DraftCondition, "value" | "unit"> {
  for (const unit of ["days", "hours", "minutes"] as const) {
    if (seconds % withinUnits[unit] === 0) return { value: String(seconds / withinUnits[unit]), unit };
  }
  return { value: String(seconds), unit: "seconds" };
}

/**
 * Epoch ms as the value of an <input type="datetime-local"> in the browser's time zone. Seconds and milliseconds
 * are written only when present, so a saved filter's instant survives editing exactly.
 */
export function localDateTime(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const minutes = `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  if (date.getMilliseconds() !== 0) return `${minutes}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
  return date.getSeconds() !== 0 ? `${minutes}:${pad(date.getSeconds())}` : minutes;
}

// ---- tree edits ----

export function updateNode(root: DraftGroup, id: string, change: (node: DraftNode) => DraftNode): DraftGroup {
  const visit = (node: DraftNode): DraftNode => {
    if (node.id === id) return change(node);
    if (node.kind === "condition") return node;
    return { ...node, children: node.children.map(visit) };
  };
  return visit(root) as DraftGroup;
}

export function removeNode(root: DraftGroup, id: string): DraftGroup {
  const visit = (group: DraftGroup): DraftGroup => ({
    ...group,
    children: group.children.filter((child) => child.id !== id).map((child) => (child.kind === "group" ? visit(child) : child)),
  });
  return visit(root);
}

export function appendChild(root: DraftGroup, groupId: string, child: DraftNode): DraftGroup {
  return updateNode(root, groupId, (node) => (node.kind === "group" ? { ...node, children: [...node.children, child] } : node));
}
