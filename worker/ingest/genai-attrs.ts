// Tolerant readers for span attribute values: senders disagree on whether numbers are numbers or strings,
// and on whether structured values are JSON strings or already-decoded values.

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

/** JSON text of any value; never throws, since attribute values are untrusted. */
export function stringify(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
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
