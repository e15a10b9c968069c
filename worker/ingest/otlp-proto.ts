import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { type DecodeResult, decodeOtlpJson } from "./otlp-json";
import { MAX_DEPTH } from "./otlp-values";
import { type WireField, WireReader } from "./otlp-proto-wire";

// OTLP/HTTP protobuf ExportTraceServiceRequest -> IngestSpan[].
// The binary is first turned into exactly the object OTLP JSON would have parsed to (hex ids, int64 as decimal
// strings, AnyValue as {stringValue|...}), then handed to decodeOtlpJson: one set of span rules, and a protobuf
// span is accepted or rejected with the same reason as its JSON twin. Field numbers follow opentelemetry-proto.
// Protobuf merge rules hold: a message field sent twice merges; a scalar or oneof member sent twice: the last wins.

type Json = Record<string, unknown>;

/** Proto JSON spells non-finite doubles as strings; decodeOtlpJson keeps those as strings. */
function jsonDouble(value: number): number | string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  return value === -Infinity ? "-Infinity" : value;
}

/** The values list of a oneof member the AnyValue already holds, so a repeated member merges like protobuf. */
function heldValues(value: Json, member: "arrayValue" | "kvlistValue"): unknown[] {
  const held: unknown = value[member];
  if (typeof held !== "object" || held === null) return [];
  const values: unknown = Reflect.get(held, "values");
  return Array.isArray(values) ? values : [];
}

// `depth` counts exactly as decodeAnyValue does, so the JSON decoder rejects a too-deep value at the same spot.
function readAnyValue(w: WireReader, depth: number): Json {
  if (depth > MAX_DEPTH) {
    // The JSON decoder rejects the span at this depth without looking inside, so reading on would only recurse.
    w.skipRest();
    return {};
  }
  let value: Json = {};
  for (let f = w.next(); f; f = w.next()) {
    if (f.no === 1) value = { stringValue: w.string(f, "string_value") };
    else if (f.no === 2) value = { boolValue: w.bool(f, "bool_value") };
    else if (f.no === 3) value = { intValue: w.int64(f, "int_value") };
    else if (f.no === 4) value = { doubleValue: jsonDouble(w.double(f, "double_value")) };
    else if (f.no === 5) value = { arrayValue: { values: readArray(w.message(f, "array_value"), depth, value) } };
    else if (f.no === 6) value = { kvlistValue: { values: readKvList(w.message(f, "kvlist_value"), depth, value) } };
    else if (f.no === 7) value = { bytesValue: w.base64(f, "bytes_value") };
    else w.skip(f);
  }
  return value;
}

function readArray(w: WireReader, depth: number, held: Json): unknown[] {
  const values = heldValues(held, "arrayValue");
  for (let f = w.next(); f; f = w.next()) {
    if (f.no === 1) values.push(readAnyValue(w.message(f, `values[${values.length}]`), depth + 1));
    else w.skip(f);
  }
  return values;
}

function readKvList(w: WireReader, depth: number, held: Json): unknown[] {
  const values = heldValues(held, "kvlistValue");
  for (let f = w.next(); f; f = w.next()) {
    if (f.no === 1) values.push(readKeyValue(w.message(f, `values[${values.length}]`), depth + 1));
    else w.skip(f);
  }
  return values;
}

function readKeyValue(w: WireReader, depth: number): Json {
  // proto3 has no presence for strings: an absent key is the empty key, not a missing one.
  const kv: Json = { key: "" };
  for (let f = w.next(); f; f = w.next()) {
    if (f.no === 1) kv.key = w.string(f, "key");
    else if (f.no === 2) kv.value = readAnyValue(w.message(f, "value"), depth);
    else w.skip(f);
  }
  return kv;
}

/** Appends one KeyValue field to `list`; shared by every message with `repeated KeyValue attributes`. */
function pushAttribute(w: WireReader, f: WireField, list: unknown[], name = "attributes"): void {
  list.push(readKeyValue(w.message(f, `${name}[${list.length}]`), 0));
}

function readEvent(w: WireReader): Json {
  const event: Json = {};
  const attributes: unknown[] = [];
  for (let f = w.next(); f; f = w.next()) {
    if (f.no === 1) event.timeUnixNano = w.fixed64(f, "time_unix_nano");
    else if (f.no === 2) event.name = w.string(f, "name");
    else if (f.no === 3) pushAttribute(w, f, attributes);
    else if (f.no === 4) event.droppedAttributesCount = w.uint32(f, "dropped_attributes_count");
    else w.skip(f);
  }
  return { ...event, attributes };
}

function readStatus(w: WireReader, into: Json): Json {
  for (let f = w.next(); f; f = w.next()) {
    if (f.no === 2) into.message = w.string(f, "message");
    else if (f.no === 3) into.code = w.int32(f, "code");
    else w.skip(f);
  }
  return into;
}

const SPAN_SCALARS: Record<number, (w: WireReader, f: WireField) => [string, unknown]> = {
  1: (w, f) => ["traceId", w.hex(f, "trace_id")],
  2: (w, f) => ["spanId", w.hex(f, "span_id")],
  3: (w, f) => ["traceState", w.string(f, "trace_state")],
  4: (w, f) => ["parentSpanId", w.hex(f, "parent_span_id")],
  5: (w, f) => ["name", w.string(f, "name")],
  6: (w, f) => ["kind", w.int32(f, "kind")],
  7: (w, f) => ["startTimeUnixNano", w.fixed64(f, "start_time_unix_nano")],
  8: (w, f) => ["endTimeUnixNano", w.fixed64(f, "end_time_unix_nano")],
  10: (w, f) => ["droppedAttributesCount", w.uint32(f, "dropped_attributes_count")],
  12: (w, f) => ["droppedEventsCount", w.uint32(f, "dropped_events_count")],
  14: (w, f) => ["droppedLinksCount", w.uint32(f, "dropped_links_count")],
  16: (w, f) => ["flags", w.fixed32(f, "flags")],
};

function readSpanScalar(w: WireReader, f: WireField, span: Json): void {
  const scalar = SPAN_SCALARS[f.no];
  if (!scalar) return w.skip(f);
  const [key, value] = scalar(w, f);
  span[key] = value;
}

function readSpan(w: WireReader): Json {
  const span: Json = {};
  const attributes: unknown[] = [];
  const events: unknown[] = [];
  let status: Json | undefined;
  for (let f = w.next(); f; f = w.next()) {
    switch (f.no) {
      case 9:
        pushAttribute(w, f, attributes);
        break;
      case 11:
        events.push(readEvent(w.message(f, `events[${events.length}]`)));
        break;
      case 13: // Links are not stored (yet): bounds-checked, then dropped.
        w.message(f, "links").skipRest();
        break;
      case 15:
        status = readStatus(w.message(f, "status"), status ?? {});
        break;
      default:
        readSpanScalar(w, f, span);
    }
  }
  return { ...span, attributes, events, ...(status ? { status } : {}) };
}

function readScope(w: WireReader, into: Json): Json {
  const attributes = Array.isArray(into.attributes) ? into.attributes : [];
  for (let f = w.next(); f; f = w.next()) {
    if (f.no === 1) into.name = w.string(f, "name");
    else if (f.no === 2) into.version = w.string(f, "version");
    else if (f.no === 3) pushAttribute(w, f, attributes);
    else w.skip(f);
  }
  return { ...into, attributes };
}

function readScopeSpans(w: WireReader): Json {
  const scopeSpans: Json = {};
  const spans: unknown[] = [];
  let scope: Json | undefined;
  for (let f = w.next(); f; f = w.next()) {
    if (f.no === 1) scope = readScope(w.message(f, "scope"), scope ?? {});
    else if (f.no === 2) spans.push(readSpan(w.message(f, `spans[${spans.length}]`)));
    else if (f.no === 3) scopeSpans.schemaUrl = w.string(f, "schema_url");
    else w.skip(f);
  }
  return { ...scopeSpans, ...(scope ? { scope } : {}), spans };
}

function readResource(w: WireReader, attributes: unknown[]): void {
  for (let f = w.next(); f; f = w.next()) {
    if (f.no === 1) pushAttribute(w, f, attributes);
    else w.skip(f);
  }
}

function readResourceSpans(w: WireReader): Json {
  const resourceSpans: Json = {};
  const resourceAttributes: unknown[] = [];
  const scopeSpans: unknown[] = [];
  const legacy: unknown[] = [];
  const legacyName = () => `instrumentation_library_spans[${legacy.length}]`;
  for (let f = w.next(); f; f = w.next()) {
    if (f.no === 1) readResource(w.message(f, "resource"), resourceAttributes);
    else if (f.no === 2) scopeSpans.push(readScopeSpans(w.message(f, `scope_spans[${scopeSpans.length}]`)));
    else if (f.no === 3) resourceSpans.schemaUrl = w.string(f, "schema_url");
    // Pre-1.0 instrumentation_library_spans: same layout as ScopeSpans; the JSON decoder accepts it too.
    else if (f.no === 1000) legacy.push(readScopeSpans(w.message(f, legacyName())));
    else w.skip(f);
  }
  const old = legacy.length > 0 ? { instrumentationLibrarySpans: legacy } : {};
  return { ...resourceSpans, resource: { attributes: resourceAttributes }, scopeSpans, ...old };
}

function readRequest(bytes: Uint8Array): Json {
  const w = WireReader.of(bytes, "ExportTraceServiceRequest");
  const resourceSpans: unknown[] = [];
  for (let f = w.next(); f; f = w.next()) {
    if (f.no === 1) resourceSpans.push(readResourceSpans(w.message(f, `resource_spans[${resourceSpans.length}]`)));
    else w.skip(f);
  }
  return { resourceSpans };
}

/**
 * Decodes an OTLP/HTTP protobuf trace export.
 * Throws OtlpDecodeError when the bytes are not well-formed protobuf; bad spans are reported in `rejected`.
 */
export function decodeOtlpProto(bytes: Uint8Array): DecodeResult {
  return decodeOtlpJson(readRequest(bytes));
}

/**
 * ExportTraceServiceResponse. The OTLP spec wants partial_success left unset when everything was accepted,
 * which makes the whole response empty.
 */
export function encodeExportResponse(rejected?: { rejectedSpans: number; errorMessage: string }): Uint8Array {
  if (!rejected || (rejected.rejectedSpans === 0 && rejected.errorMessage === "")) return new Uint8Array(0);
  const writer = new BinaryWriter();
  writer.tag(1, WireType.LengthDelimited).fork();
  if (rejected.rejectedSpans !== 0) writer.tag(1, WireType.Varint).int64(rejected.rejectedSpans);
  if (rejected.errorMessage !== "") writer.tag(2, WireType.LengthDelimited).string(rejected.errorMessage);
  return writer.join().finish();
}

/** google.rpc.Status, the body OTLP/HTTP expects on errors of a protobuf request. */
export function encodeStatus(code: number, message: string): Uint8Array {
  const writer = new BinaryWriter();
  if (code !== 0) writer.tag(1, WireType.Varint).int32(code);
  if (message !== "") writer.tag(2, WireType.LengthDelimited).string(message);
  return writer.finish();
}
