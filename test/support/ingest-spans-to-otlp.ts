import type { IngestSpan } from "../../worker/traces/model";

// Turns in-memory spans (the normalizer tests' fixtures) into an OTLP/HTTP JSON export, so the same hand-written
// convention fixtures can travel the whole path: HTTP, storage, settling, the review screen.

function anyValue(value: unknown): Record<string, unknown> {
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "number") return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  if (value !== null && typeof value === "object") return { kvlistValue: { values: keyValues(value as Record<string, unknown>) } };
  return {};
}

const keyValues = (record: Record<string, unknown>) => Object.entries(record).map(([key, value]) => ({ key, value: anyValue(value) }));
const nanos = (ms: number) => (BigInt(Math.round(ms)) * 1_000_000n).toString();

async function hexOf(text: string, chars: number): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("").slice(0, chars);
}

/** The spans under a fresh trace id, with their readable fixture ids mapped to valid span ids. */
export async function toOtlpExport(spans: IngestSpan[]): Promise<{ traceId: string; body: unknown }> {
  const traceId = await hexOf(`${Math.random()}`, 32);
  const spanId = (id: string) => hexOf(`${traceId}:${id}`, 16);
  const otlpSpans = await Promise.all(
    spans.map(async (s) => ({
      traceId,
      spanId: await spanId(s.spanId),
      parentSpanId: s.parentSpanId ? await spanId(s.parentSpanId) : "",
      name: s.name,
      kind: s.kind,
      startTimeUnixNano: nanos(s.startedAt),
      endTimeUnixNano: nanos(s.endedAt),
      attributes: keyValues(s.attributes),
      events: s.events.map((e) => ({ name: e.name, timeUnixNano: nanos(e.time), attributes: keyValues(e.attributes) })),
      status: { code: s.statusCode, message: s.statusMessage ?? "" },
    })),
  );
  const resource = spans.find((s) => Object.keys(s.resource).length > 0)?.resource ?? {};
  return { traceId, body: { resourceSpans: [{ resource: { attributes: keyValues(resource) }, scopeSpans: [{ spans: otlpSpans }] }] } };
}
