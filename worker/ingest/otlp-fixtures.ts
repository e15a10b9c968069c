import { decodeOtlpJson } from "./otlp-json";

// Builders for OTLP/HTTP JSON test bodies: a valid span to override field by field, wrapped in a request.

export const TRACE_ID = "5b8efff798038103d269b633813fc60c";
export const SPAN_ID = "eee19b7ec3c1b174";
export const PARENT_ID = "0102030405060708";
const START_NS = "1735689600123456789"; // 2025-01-01T00:00:00.123456789Z, beyond Number precision as nanos
const END_NS = "1735689601623456789";

export function hexToBase64(hex: string): string {
  const bytes = (hex.match(/../g) ?? []).map((pair) => parseInt(pair, 16));
  return btoa(String.fromCharCode(...bytes));
}

export const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

export function otlpSpan(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    parentSpanId: PARENT_ID,
    name: "chat gpt-4o",
    kind: 3,
    startTimeUnixNano: START_NS,
    endTimeUnixNano: END_NS,
    attributes: [str("gen_ai.operation.name", "chat")],
    status: { code: 1 },
    ...overrides,
  };
}

export function request(spans: unknown[], resourceAttributes: unknown[] = [str("service.name", "agent")]) {
  return {
    resourceSpans: [{ resource: { attributes: resourceAttributes }, scopeSpans: [{ scope: { name: "test" }, spans }] }],
  };
}

/** An AnyValue holding `depth` arrays nested inside each other around a string. */
export function nestedArrays(depth: number): unknown {
  let value: unknown = { stringValue: "leaf" };
  for (let i = 0; i < depth; i++) value = { arrayValue: { values: [value] } };
  return value;
}

export function decodeOne(span: Record<string, unknown>) {
  return decodeOtlpJson(request([span]));
}
