// Tolerant readers for span attribute values, shared by every convention: senders disagree on whether numbers
// are numbers or strings, and on whether structured values are JSON strings or already-decoded values.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const MAX_JSON_DEPTH = 64;

/** Iterative, because the point is to stop values that would overflow the stack of recursive code later. */
function deeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, depth] = item;
    if (typeof node !== "object" || node === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * JSON.parse accepts any nesting, but JSON.stringify (used when the conversation is stored) overflows on deep
 * values, so absurdly deep JSON counts as unparseable and stays a plain string.
 */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    const value: unknown = JSON.parse(text);
    return deeperThan(value, MAX_JSON_DEPTH) ? { ok: false } : { ok: true, value };
  } catch {
    return { ok: false };
  }
}

/** String() throws on objects without a prototype (our flattened-attribute records), so it needs a guard too. */
function plainText(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** JSON text of any value; never throws, since attribute values are untrusted (BigInts included). */
export function stringify(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return (
      JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? item.toString() : item)) ??
      plainText(value)
    );
  } catch {
    return plainText(value);
  }
}

export function attrText(attrs: Record<string, unknown>, key: string): string | null {
  const value = attrs[key];
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

export function attrNumber(attrs: Record<string, unknown>, key: string): number | null {
  const value = attrs[key];
  const parsed = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof parsed === "number" && Number.isFinite(parsed) ? parsed : null;
}

/** Strings holding JSON objects/arrays are decoded; anything else is returned as given. */
export function decodeStructured(value: unknown): unknown {
  if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return value;
  const parsed = parseJson(value);
  return parsed.ok ? parsed.value : value;
}

/** First present number among keys, in priority order. */
export function firstNumber(attrs: Record<string, unknown>, keys: readonly string[]): number | null {
  for (const key of keys) {
    const value = attrNumber(attrs, key);
    if (value !== null) return value;
  }
  return null;
}

/** First present text among keys, in priority order. */
export function firstText(attrs: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = attrText(attrs, key);
    if (value !== null) return value;
  }
  return null;
}

// Null-prototype records, so that an attribute named `x.__proto__` becomes a plain key, not a prototype.
const emptyRecord = (): Record<string, unknown> => Object.create(null) as Record<string, unknown>;

/** Attributes under `prefix.`, keyed by the rest of their name. */
export function underPrefix(attrs: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const head = `${prefix}.`;
  const found = emptyRecord();
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith(head) && key.length > head.length) found[key.slice(head.length)] = value;
  }
  return found;
}

const INDEX = /^\d{1,9}$/;

/**
 * Flattened lists (`prefix.0.role`, `prefix.0.tool_calls.1.name`, ...) as one record per index, in index order.
 * Indexes are sorted, never used to size an array, so a sender's `prefix.999999999.x` costs one entry.
 */
export function indexedGroups(attrs: Record<string, unknown>, prefix: string): Array<Record<string, unknown>> {
  const groups = new Map<number, Record<string, unknown>>();
  for (const [key, value] of Object.entries(underPrefix(attrs, prefix))) {
    const dot = key.indexOf(".");
    if (dot < 0 || !INDEX.test(key.slice(0, dot))) continue;
    const index = Number(key.slice(0, dot));
    const group = groups.get(index) ?? emptyRecord();
    group[key.slice(dot + 1)] = value;
    groups.set(index, group);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, group]) => group);
}

/** Whether any attribute name starts with `prefix.` followed by a list index. */
export function hasIndexed(attrs: Record<string, unknown>, prefix: string): boolean {
  const head = `${prefix}.`;
  return Object.keys(attrs).some((key) => key.startsWith(head) && /^\d/.test(key.slice(head.length)));
}

/** A list of strings from an array attribute, a JSON array, or comma-separated text. */
export function stringList(value: unknown): string[] {
  const raw = decodeStructured(value);
  const items = Array.isArray(raw) ? raw.map(stringify) : typeof raw === "string" ? raw.split(",") : [];
  return items.map((item) => item.trim()).filter((item) => item !== "");
}

/** Values flattened to strings, since trace metadata is filtered and shown as text. */
export function textValues(record: Record<string, unknown>): Record<string, string> {
  // fromEntries defines own properties, so a key named "__proto__" stays data.
  const entries = Object.entries(record).filter(([key, value]) => key !== "" && value != null);
  return Object.fromEntries(entries.map(([key, value]) => [key, stringify(value)]));
}

/** A JSON-encoded value (ai.toolCall.result, traceloop.entity.output); text that is not JSON stays text. */
export function jsonValue(raw: unknown): unknown {
  if (typeof raw !== "string") return raw ?? null;
  const parsed = parseJson(raw);
  return parsed.ok ? parsed.value : raw;
}
