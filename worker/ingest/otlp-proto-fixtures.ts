import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

// Test-only: encodes the JSON-shaped OTLP requests of otlp-fixtures.ts as protobuf, field by field from the
// opentelemetry-proto numbers, so a test can feed the same request to both decoders and compare the results.
// It is written independently of otlp-proto.ts on purpose: sharing code would hide a wrong field number.

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
const record = (value: unknown): Json => (isRecord(value) ? value : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const present = (value: unknown): boolean => value !== undefined && value !== null;

export interface ProtoFixtureOptions {
  /** Adds a field of every wire type, unknown to the schema, to every message. */
  unknownFields?: boolean;
}

const SPAN_KINDS = ["UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"];
const STATUS_CODES = ["UNSET", "OK", "ERROR"];

function base64Bytes(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** Hex when it looks like hex, else base64: the same reading decodeOtlpJson gives an id. */
export function idBytes(id: string): Uint8Array {
  if (/^([0-9a-f]{2})*$/i.test(id)) return Uint8Array.from(id.match(/../g) ?? [], (pair) => parseInt(pair, 16));
  return base64Bytes(id);
}

function writeUnknownFields(w: BinaryWriter): void {
  w.tag(901, WireType.Varint).uint64("18446744073709551615");
  w.tag(902, WireType.Bit64).fixed64(42);
  w.tag(903, WireType.LengthDelimited).bytes(Uint8Array.of(1, 2, 3));
  w.tag(904, WireType.Bit32).fixed32(7);
  w.tag(905, WireType.StartGroup).tag(1, WireType.Varint).uint32(1).tag(905, WireType.EndGroup);
}

class Encoder {
  readonly w = new BinaryWriter();
  constructor(private readonly options: ProtoFixtureOptions) {}

  message(no: number, body: () => void): void {
    this.w.tag(no, WireType.LengthDelimited).fork();
    body();
    if (this.options.unknownFields) writeUnknownFields(this.w);
    this.w.join();
  }

  string(no: number, value: unknown): void {
    if (typeof value === "string") this.w.tag(no, WireType.LengthDelimited).string(value);
  }

  id(no: number, value: unknown): void {
    if (typeof value === "string") this.w.tag(no, WireType.LengthDelimited).bytes(idBytes(value));
  }

  nanos(no: number, value: unknown): void {
    if (typeof value === "string" || typeof value === "number") this.w.tag(no, WireType.Bit64).fixed64(BigInt(value));
  }

  enumValue(no: number, value: unknown, names: string[], prefix: string): void {
    const n = typeof value === "string" ? Math.max(0, names.indexOf(value.replace(prefix, ""))) : value;
    if (typeof n === "number") this.w.tag(no, WireType.Varint).int32(n);
  }

  uint32(no: number, value: unknown): void {
    if (typeof value === "number") this.w.tag(no, WireType.Varint).uint32(value);
  }

  /** Writes the member decodeOtlpJson would pick, so a multi-member JSON value means the same in both. */
  anyValue(v: Json): void {
    const w = this.w;
    if (present(v.stringValue)) {
      this.string(1, v.stringValue);
    } else if (typeof v.boolValue === "boolean") {
      w.tag(2, WireType.Varint).bool(v.boolValue);
    } else if (typeof v.intValue === "string" || typeof v.intValue === "number") {
      w.tag(3, WireType.Varint).int64(BigInt(v.intValue));
    } else if (typeof v.doubleValue === "string" || typeof v.doubleValue === "number") {
      w.tag(4, WireType.Bit64).double(Number(v.doubleValue));
    } else if (typeof v.bytesValue === "string") {
      w.tag(7, WireType.LengthDelimited).bytes(base64Bytes(v.bytesValue));
    } else if (present(v.arrayValue)) {
      this.message(5, () => list(record(v.arrayValue).values).forEach((item) => this.valueField(1, item)));
    } else if (present(v.kvlistValue)) {
      this.message(6, () => this.keyValues(1, record(v.kvlistValue).values));
    }
  }

  /** An AnyValue field; a Uint8Array is written as already-encoded AnyValue bytes. */
  valueField(no: number, value: unknown): void {
    if (value instanceof Uint8Array) this.w.tag(no, WireType.LengthDelimited).bytes(value);
    else if (present(value)) this.message(no, () => this.anyValue(record(value)));
  }

  keyValues(no: number, raw: unknown): void {
    for (const item of list(raw)) {
      const kv = record(item);
      this.message(no, () => {
        this.string(1, kv.key);
        this.valueField(2, kv.value);
      });
    }
  }

  event(e: Json): void {
    this.nanos(1, e.timeUnixNano);
    this.string(2, e.name);
    this.keyValues(3, e.attributes);
  }

  span(s: Json): void {
    this.id(1, s.traceId);
    this.id(2, s.spanId);
    this.string(3, s.traceState);
    this.id(4, s.parentSpanId);
    this.string(5, s.name);
    this.enumValue(6, s.kind, SPAN_KINDS, "SPAN_KIND_");
    this.nanos(7, s.startTimeUnixNano);
    this.nanos(8, s.endTimeUnixNano);
    this.keyValues(9, s.attributes);
    this.uint32(10, s.droppedAttributesCount);
    for (const e of list(s.events)) this.message(11, () => this.event(record(e)));
    const status = s.status;
    if (isRecord(status)) {
      this.message(15, () => {
        this.string(2, status.message);
        this.enumValue(3, status.code, STATUS_CODES, "STATUS_CODE_");
      });
    }
    if (typeof s.flags === "number") this.w.tag(16, WireType.Bit32).fixed32(s.flags);
  }

  scopeSpans(no: number, raw: unknown): void {
    for (const item of list(raw)) {
      const scopeSpans = record(item);
      this.message(no, () => {
        const scope = scopeSpans.scope;
        if (isRecord(scope)) {
          this.message(1, () => {
            this.string(1, scope.name);
            this.string(2, scope.version);
            this.keyValues(3, scope.attributes);
          });
        }
        for (const span of list(scopeSpans.spans)) this.message(2, () => this.span(record(span)));
        this.string(3, scopeSpans.schemaUrl);
      });
    }
  }

  resourceSpans(r: Json): void {
    const resource = r.resource;
    if (isRecord(resource)) this.message(1, () => this.keyValues(1, resource.attributes));
    this.scopeSpans(2, r.scopeSpans);
    this.string(3, r.schemaUrl);
    this.scopeSpans(1000, r.instrumentationLibrarySpans);
  }
}

/** Protobuf ExportTraceServiceRequest bytes for a JSON-shaped request (e.g. from `request()` in otlp-fixtures). */
export function encodeProtoRequest(request: unknown, options: ProtoFixtureOptions = {}): Uint8Array {
  const encoder = new Encoder(options);
  for (const r of list(record(request).resourceSpans)) encoder.message(1, () => encoder.resourceSpans(record(r)));
  if (options.unknownFields) writeUnknownFields(encoder.w);
  return encoder.w.finish();
}

/** Encoded AnyValue bytes of `depth` arrays nested around a string, built in one pass so depth can be huge. */
export function deepArrayValueBytes(depth: number): Uint8Array {
  const leaf = Uint8Array.of(0x0a, 4, ...new TextEncoder().encode("leaf")); // string_value = "leaf"
  const varintLength = (n: number): number => (n < 0x80 ? 1 : 1 + varintLength(n >>> 7));
  // sizes[k] = encoded size of the AnyValue k levels above the leaf; arrays[k] = size of its ArrayValue body.
  const sizes = [leaf.length];
  const arrays = [0];
  for (let k = 1; k <= depth; k++) {
    const inner = sizes[k - 1] ?? 0;
    arrays.push(1 + varintLength(inner) + inner);
    sizes.push(1 + varintLength(arrays[k] ?? 0) + (arrays[k] ?? 0));
  }
  const w = new BinaryWriter();
  for (let k = depth; k >= 1; k--) {
    w.tag(5, WireType.LengthDelimited).uint32(arrays[k] ?? 0); // array_value
    w.tag(1, WireType.LengthDelimited).uint32(sizes[k - 1] ?? 0); // values[0]
  }
  return w.raw(leaf).finish();
}
