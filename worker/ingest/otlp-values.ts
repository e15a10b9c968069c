import { z } from "zod";

// Scalar decoders for OTLP/HTTP JSON: ids, int64 nanosecond timestamps and AnyValue.
// Each returns either a value or a short error message, so the caller can reject one span without throwing.

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Decoded<T> => ({ ok: true, value });
const fail = <T>(error: string): Decoded<T> => ({ ok: false, error });

const HEX = /^[0-9a-f]*$/i;
// Standard and URL-safe alphabets, padding optional: protobuf JSON parsers accept all of them.
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

function base64ToHex(text: string): string | null {
  if (!BASE64.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    let hex = "";
    for (let i = 0; i < binary.length; i++) hex += binary.charCodeAt(i).toString(16).padStart(2, "0");
    return hex;
  } catch {
    return null;
  }
}

/**
 * The OTLP JSON spec says ids are hex, but some exporters send the protobuf-JSON default (base64).
 * A string made only of hex digits is always read as hex: a base64 id of that shape is vanishingly unlikely,
 * while reading a truncated hex id as base64 would silently invent an id.
 */
function idToHex(field: string, raw: string, bytes: number): Decoded<string> {
  if (raw === "") return fail(`${field} is missing`);
  const hex = HEX.test(raw) ? (raw.length % 2 === 0 ? raw.toLowerCase() : null) : base64ToHex(raw);
  if (hex === null) return fail(`${field} must be ${bytes} bytes of hex or base64`);
  if (hex.length !== bytes * 2) return fail(`${field} must be ${bytes} bytes`);
  return ok(hex);
}

const isZero = (hex: string): boolean => /^0+$/.test(hex);

export function decodeId(field: string, raw: string, bytes: number): Decoded<string> {
  const id = idToHex(field, raw, bytes);
  return id.ok && isZero(id.value) ? fail(`${field} must not be all zeros`) : id;
}

/** Parent ids: empty or all-zero (some SDKs' spelling of "none") means a root span. */
export function decodeParentId(raw: string | null | undefined): Decoded<string | null> {
  if (raw === undefined || raw === null || raw === "") return ok(null);
  const id = idToHex("parentSpanId", raw, 8);
  return id.ok && isZero(id.value) ? ok(null) : id;
}

const MIN_MS = Date.UTC(2000, 0, 1);
const MAX_MS = Date.UTC(2200, 0, 1);
const NANOS_PER_MS = 1_000_000n;

/** int64 nanos as string (exact, via BigInt) or number (already as precise as the sender made it) -> epoch ms. */
export function decodeNanos(field: string, raw: string | number | null | undefined): Decoded<number> {
  let ms: number;
  if (typeof raw === "string") {
    if (!/^\d+$/.test(raw)) return fail(`${field} must be an unsigned integer`);
    const nanos = BigInt(raw);
    ms = Number(nanos / NANOS_PER_MS) + Number(nanos % NANOS_PER_MS) / 1e6;
  } else if (typeof raw === "number") {
    if (!Number.isFinite(raw) || raw < 0) return fail(`${field} must be an unsigned integer`);
    ms = raw / 1e6;
  } else {
    return fail(`${field} is missing`);
  }
  if (ms < MIN_MS || ms > MAX_MS) return fail(`${field} is outside 2000..2200`);
  return ok(ms);
}

const valuesHolder = z.looseObject({ values: z.array(z.unknown()).nullish() });

// One level only: nesting is walked by hand so that depth is bounded before anything recurses.
export const anyValueSchema = z.looseObject({
  stringValue: z.string().nullish(),
  boolValue: z.boolean().nullish(),
  intValue: z.union([z.string(), z.number()]).nullish(),
  doubleValue: z.union([z.number(), z.string()]).nullish(),
  arrayValue: valuesHolder.nullish(),
  kvlistValue: valuesHolder.nullish(),
  bytesValue: z.string().nullish(),
});

// An unset value is omitted on the wire (common in protobuf) and means null, not a malformed span.
export const keyValueSchema = z.looseObject({ key: z.string(), value: z.unknown().optional() });

export const MAX_DEPTH = 32;

function decodeInt(raw: string | number): Decoded<number | string> {
  if (typeof raw === "number") return ok(Number.isSafeInteger(raw) ? raw : String(raw));
  if (!/^-?\d+$/.test(raw)) return fail("intValue must be an integer");
  const big = BigInt(raw);
  const asNumber = Number(big);
  return ok(Number.isSafeInteger(asNumber) ? asNumber : big.toString());
}

function decodeDouble(raw: number | string): Decoded<number | string> {
  if (typeof raw === "number") return ok(raw);
  const parsed = Number(raw);
  // Proto JSON spells non-finite doubles as strings; keep those as strings so they survive JSON storage.
  if (raw.trim() !== "" && Number.isFinite(parsed)) return ok(parsed);
  return ["NaN", "Infinity", "-Infinity"].includes(raw) ? ok(raw) : fail("doubleValue must be a number");
}

function decodeList(raw: unknown[], depth: number): Decoded<unknown[]> {
  const out: unknown[] = [];
  for (const item of raw) {
    const value = decodeAnyValue(item, depth + 1);
    if (!value.ok) return value;
    out.push(value.value);
  }
  return ok(out);
}

/** AnyValue -> plain JSON-safe value. An empty AnyValue is legal OTLP and means null. */
export function decodeAnyValue(raw: unknown, depth = 0): Decoded<unknown> {
  if (depth > MAX_DEPTH) return fail(`value nested deeper than ${MAX_DEPTH}`);
  if (raw === undefined || raw === null) return ok(null);
  const parsed = anyValueSchema.safeParse(raw);
  if (!parsed.success) return fail(firstIssue(parsed.error));
  const v = parsed.data;
  if (v.stringValue != null) return ok(v.stringValue);
  if (v.boolValue != null) return ok(v.boolValue);
  if (v.intValue != null) return decodeInt(v.intValue);
  if (v.doubleValue != null) return decodeDouble(v.doubleValue);
  if (v.bytesValue != null) return ok(v.bytesValue); // already base64 on the wire
  if (v.arrayValue != null) return decodeList(v.arrayValue.values ?? [], depth);
  if (v.kvlistValue != null) return decodeAttributes(v.kvlistValue.values ?? [], depth + 1);
  return ok(null);
}

/** KeyValue list -> flat record; later duplicates win, as most SDKs overwrite attributes. */
export function decodeAttributes(raw: unknown[], depth = 0): Decoded<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [index, item] of raw.entries()) {
    const kv = keyValueSchema.safeParse(item);
    if (!kv.success) return fail(`attribute ${index}: ${firstIssue(kv.error)}`);
    const value = decodeAnyValue(kv.data.value, depth);
    if (!value.ok) return fail(`attribute ${kv.data.key}: ${value.error}`);
    // defineProperty so a "__proto__" key is stored as data instead of replacing the prototype.
    Object.defineProperty(out, kv.data.key, {
      value: value.value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return ok(out);
}

export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const path = issue.path.map(String).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}
