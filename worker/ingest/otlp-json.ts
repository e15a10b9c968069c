import { z } from "zod";
import type { IngestSpan, SpanEvent } from "../traces/model";
import { type Decoded, decodeAttributes, decodeId, decodeNanos, decodeParentId, firstIssue } from "./otlp-values";

// OTLP/HTTP JSON ExportTraceServiceRequest -> IngestSpan[].
// A bad span is dropped with a reason instead of failing the batch: exporters retry whole batches,
// so one malformed span must not make the good ones undeliverable.

export class OtlpDecodeError extends Error {
  override name = "OtlpDecodeError";
}

export interface DecodeResult {
  spans: IngestSpan[];
  rejected: { count: number; reasons: string[] };
}

const MAX_REASONS = 20;

// Every field is nullish: proto3 JSON parsers treat null as "absent", and exporters omit default values.
const list = z.array(z.unknown()).nullish();
const int64 = z.union([z.string(), z.number()]).nullish();
// Enums are integers per the OTLP spec, but protobuf JSON also allows their names.
const enumValue = z.union([z.number(), z.string()]).nullish();

const requestSchema = z.looseObject({ resourceSpans: list });
const resourceSpansSchema = z.looseObject({
  resource: z.looseObject({ attributes: list }).nullish(),
  scopeSpans: list,
  // Pre-1.0 OTLP name for scopeSpans; some old collectors still send it.
  instrumentationLibrarySpans: list,
});
const scopeSpansSchema = z.looseObject({ spans: list });
const eventSchema = z.looseObject({ timeUnixNano: int64, name: z.string().nullish(), attributes: list });
const spanSchema = z.looseObject({
  traceId: z.string().nullish(),
  spanId: z.string().nullish(),
  parentSpanId: z.string().nullish(),
  name: z.string().nullish(),
  kind: enumValue,
  startTimeUnixNano: int64,
  endTimeUnixNano: int64,
  attributes: list,
  events: list,
  status: z.looseObject({ code: enumValue, message: z.string().nullish() }).nullish(),
});

const SPAN_KINDS = ["UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"];
const STATUS_CODES = ["UNSET", "OK", "ERROR"];

function decodeEnum(raw: number | string | null | undefined, names: string[], prefix: string): number {
  if (typeof raw === "number") return Number.isInteger(raw) && raw >= 0 && raw < names.length ? raw : 0;
  if (typeof raw === "string") return Math.max(0, names.indexOf(raw.replace(prefix, "")));
  return 0;
}

class Rejections {
  count = 0;
  reasons: string[] = [];
  add(where: string, reason: string, spans = 1): void {
    this.count += spans;
    if (this.reasons.length < MAX_REASONS) this.reasons.push(`${where}: ${reason}`);
  }
}

/** Counts spans under a container we could not read, so `rejected.count` still reflects lost spans. */
function countSpans(raw: unknown, key: "scopeSpans" | "spans"): number {
  if (typeof raw !== "object" || raw === null) return 0;
  const children: unknown = Reflect.get(raw, key);
  if (!Array.isArray(children)) return 0;
  return key === "spans" ? children.length : children.reduce((n: number, c: unknown) => n + countSpans(c, "spans"), 0);
}

function decodeEvent(raw: unknown, index: number, fallbackTime: number): Decoded<SpanEvent> {
  const parsed = eventSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: `event ${index}: ${firstIssue(parsed.error)}` };
  const e = parsed.data;
  // Exporters omit the default 0; pin such events to span start instead of dropping the span.
  const time =
    e.timeUnixNano == null || e.timeUnixNano === "0" || e.timeUnixNano === 0
      ? { ok: true as const, value: fallbackTime }
      : decodeNanos("timeUnixNano", e.timeUnixNano);
  if (!time.ok) return { ok: false, error: `event ${index}: ${time.error}` };
  const attributes = decodeAttributes(e.attributes ?? []);
  if (!attributes.ok) return { ok: false, error: `event ${index}: ${attributes.error}` };
  return { ok: true, value: { name: e.name ?? "", time: time.value, attributes: attributes.value } };
}

function decodeEvents(raw: unknown[], fallbackTime: number): Decoded<SpanEvent[]> {
  const events: SpanEvent[] = [];
  for (const [index, item] of raw.entries()) {
    const event = decodeEvent(item, index, fallbackTime);
    if (!event.ok) return event;
    events.push(event.value);
  }
  return { ok: true, value: events };
}

function decodeSpan(raw: unknown, resource: Record<string, unknown>): Decoded<IngestSpan> {
  const parsed = spanSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  const s = parsed.data;
  const traceId = decodeId("traceId", s.traceId ?? "", 16);
  if (!traceId.ok) return traceId;
  const spanId = decodeId("spanId", s.spanId ?? "", 8);
  if (!spanId.ok) return spanId;
  const parentSpanId = decodeParentId(s.parentSpanId);
  if (!parentSpanId.ok) return parentSpanId;
  const startedAt = decodeNanos("startTimeUnixNano", s.startTimeUnixNano);
  if (!startedAt.ok) return startedAt;
  const endedAt = decodeNanos("endTimeUnixNano", s.endTimeUnixNano);
  if (!endedAt.ok) return endedAt;
  if (endedAt.value < startedAt.value) return { ok: false, error: "endTimeUnixNano is before startTimeUnixNano" };
  const attributes = decodeAttributes(s.attributes ?? []);
  if (!attributes.ok) return attributes;
  const events = decodeEvents(s.events ?? [], startedAt.value);
  if (!events.ok) return events;
  return {
    ok: true,
    value: {
      traceId: traceId.value,
      spanId: spanId.value,
      parentSpanId: parentSpanId.value,
      name: s.name ?? "",
      kind: decodeEnum(s.kind, SPAN_KINDS, "SPAN_KIND_"),
      startedAt: startedAt.value,
      endedAt: endedAt.value,
      statusCode: decodeEnum(s.status?.code, STATUS_CODES, "STATUS_CODE_"),
      statusMessage: s.status?.message || null,
      attributes: attributes.value,
      events: events.value,
      resource,
    },
  };
}

function decodeScope(
  raw: unknown,
  where: string,
  resource: Record<string, unknown>,
  out: IngestSpan[],
  rejected: Rejections
): void {
  const scope = scopeSpansSchema.safeParse(raw);
  if (!scope.success) return rejected.add(where, firstIssue(scope.error), countSpans(raw, "spans"));
  for (const [index, item] of (scope.data.spans ?? []).entries()) {
    const span = decodeSpan(item, resource);
    if (span.ok) out.push(span.value);
    else rejected.add(`span ${index} of ${where}`, span.error);
  }
}

function decodeResourceSpans(raw: unknown, r: number, out: IngestSpan[], rejected: Rejections): void {
  const where = `resource ${r}`;
  const parsed = resourceSpansSchema.safeParse(raw);
  if (!parsed.success) return rejected.add(where, firstIssue(parsed.error), countSpans(raw, "scopeSpans"));
  const scopes = [...(parsed.data.scopeSpans ?? []), ...(parsed.data.instrumentationLibrarySpans ?? [])];
  const resource = decodeAttributes(parsed.data.resource?.attributes ?? []);
  if (!resource.ok) {
    const lost = scopes.reduce((n: number, scope) => n + countSpans(scope, "spans"), 0);
    return rejected.add(where, `resource ${resource.error}`, lost);
  }
  scopes.forEach((scope, s) => decodeScope(scope, `scope ${s} of ${where}`, resource.value, out, rejected));
}

/**
 * Decodes an already JSON.parsed OTLP/HTTP JSON trace export.
 * Throws OtlpDecodeError only when the body is not an export request at all; bad spans are reported in `rejected`.
 */
export function decodeOtlpJson(body: unknown): DecodeResult {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new OtlpDecodeError("body must be a JSON object (ExportTraceServiceRequest)");
  }
  const request = requestSchema.safeParse(body);
  if (!request.success) throw new OtlpDecodeError(`resourceSpans must be an array (${firstIssue(request.error)})`);
  const spans: IngestSpan[] = [];
  const rejected = new Rejections();
  (request.data.resourceSpans ?? []).forEach((raw, r) => decodeResourceSpans(raw, r, spans, rejected));
  return { spans, rejected: { count: rejected.count, reasons: rejected.reasons } };
}
