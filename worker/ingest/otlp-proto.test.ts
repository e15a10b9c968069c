import { BinaryReader, BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { describe, expect, it } from "vitest";
import { decodeOtlpJson, OtlpDecodeError } from "./otlp-json";
import { hexToBase64, nestedArrays, otlpSpan, request, SPAN_ID, str } from "./otlp-fixtures";
import { decodeOtlpProto, encodeExportResponse, encodeStatus } from "./otlp-proto";
import { deepArrayValueBytes, encodeProtoRequest } from "./otlp-proto-fixtures";

// The protobuf decoder must agree with the JSON decoder on every request both can express, and turn any
// malformed wire data into an OtlpDecodeError that locates the problem. Random inputs: otlp-proto-props.test.ts.

const ALL_VALUES = [
  str("s", "héllo ☃ 𝄞"),
  str("empty", ""),
  { key: "t", value: { boolValue: true } },
  { key: "f", value: { boolValue: false } },
  { key: "i", value: { intValue: "42" } },
  { key: "zero", value: { intValue: "0" } },
  { key: "neg", value: { intValue: "-7" } },
  { key: "max", value: { intValue: "9223372036854775807" } },
  { key: "min", value: { intValue: "-9223372036854775808" } },
  { key: "d", value: { doubleValue: 0.5 } },
  { key: "nan", value: { doubleValue: "NaN" } },
  { key: "ninf", value: { doubleValue: "-Infinity" } },
  { key: "bytes", value: { bytesValue: hexToBase64("00ff10") } },
  { key: "arr", value: { arrayValue: { values: [{ stringValue: "a" }, { intValue: "1" }, {}] } } },
  { key: "kv", value: { kvlistValue: { values: [str("x", "y"), { key: "in", value: { kvlistValue: {} } }] } } },
  { key: "none", value: {} },
];

const EVENTS = [
  { timeUnixNano: "1735689600500000000", name: "gen_ai.user.message", attributes: [str("content", "hi")] },
  { name: "no time, pinned to start" },
];

const RICH = {
  resourceSpans: [
    {
      resource: { attributes: [str("service.name", "agent"), { key: "pid", value: { intValue: "1234" } }] },
      scopeSpans: [
        {
          scope: { name: "ai", version: "1.0", attributes: [str("scope.attr", "x")] },
          spans: [
            otlpSpan({ attributes: ALL_VALUES, events: EVENTS, status: { code: 2, message: "boom" } }),
            otlpSpan({ spanId: "1112131415161718", parentSpanId: SPAN_ID, kind: 1, traceState: "k=v", flags: 257 }),
          ],
        },
        { spans: [otlpSpan({ spanId: "2122232425262728", parentSpanId: "", status: undefined })] },
      ],
    },
    { resource: { attributes: [str("service.name", "other")] }, scopeSpans: [{ spans: [otlpSpan()] }] },
  ],
};

const sameAsJson = (body: unknown) => expect(decodeOtlpProto(encodeProtoRequest(body))).toEqual(decodeOtlpJson(body));

describe("decodeOtlpProto: agrees with decodeOtlpJson", () => {
  it("decodes every attribute value type, events, status, parent ids and resources identically", () => {
    sameAsJson(RICH);
    const { spans, rejected } = decodeOtlpProto(encodeProtoRequest(RICH));
    expect(rejected.reasons).toEqual([]);
    expect(spans.map((s) => [s.resource["service.name"], s.parentSpanId])).toEqual([
      ["agent", "0102030405060708"],
      ["agent", SPAN_ID],
      ["agent", null],
      ["other", "0102030405060708"],
    ]);
    expect(spans[0]?.attributes).toMatchObject({ s: "héllo ☃ 𝄞", empty: "", f: false, i: 42, nan: "NaN" });
    expect(spans[0]?.attributes).toMatchObject({ max: "9223372036854775807", bytes: "AP8Q", none: null });
    expect(spans[0]?.attributes.kv).toEqual({ x: "y", in: {} });
    expect(spans[0]?.events.map((e) => e.name)).toEqual(["gen_ai.user.message", "no time, pinned to start"]);
    expect(spans[0]).toMatchObject({ statusCode: 2, statusMessage: "boom" });
  });

  it("treats a KeyValue without a value (an unset message field) as JSON treats one without `value`", () => {
    sameAsJson(request([otlpSpan({ attributes: [{ key: "absent" }] })]));
  });

  it("reads an empty body as an export with no spans", () => {
    expect(decodeOtlpProto(new Uint8Array(0))).toEqual({ spans: [], rejected: { count: 0, reasons: [] } });
  });

  it("reads pre-1.0 instrumentation_library_spans (field 1000) like the JSON decoder does", () => {
    const body = { resourceSpans: [{ instrumentationLibrarySpans: [{ spans: [otlpSpan()] }] }] };
    sameAsJson(body);
    expect(decodeOtlpProto(encodeProtoRequest(body)).spans).toHaveLength(1);
  });

  it("skips fields of every wire type unknown to the schema, at every level", () => {
    const withUnknown = encodeProtoRequest(RICH, { unknownFields: true });
    expect(withUnknown.length).toBeGreaterThan(encodeProtoRequest(RICH).length);
    expect(decodeOtlpProto(withUnknown)).toEqual(decodeOtlpJson(RICH));
  });

  it("merges concatenated requests, as protobuf defines concatenation", () => {
    const [a, b] = [request([otlpSpan()]), request([otlpSpan({ spanId: "1112131415161718" })])];
    const joined = new Uint8Array([...encodeProtoRequest(a), ...encodeProtoRequest(b)]);
    expect(decodeOtlpProto(joined).spans.map((s) => s.spanId)).toEqual([SPAN_ID, "1112131415161718"]);
  });
});

describe("decodeOtlpProto: rejected spans", () => {
  it("rejects the same spans with the same reasons as JSON and keeps the good ones", () => {
    const body = request([
      otlpSpan(),
      otlpSpan({ traceId: "abcd" }),
      otlpSpan({ spanId: SPAN_ID + "00" }),
      otlpSpan({ endTimeUnixNano: "1735689600000000000" }),
      otlpSpan({ traceId: "0".repeat(32) }),
      otlpSpan({ spanId: "" }),
      otlpSpan({ startTimeUnixNano: "0" }),
      otlpSpan({ attributes: [{ key: "deep", value: nestedArrays(33) }] }),
      otlpSpan({ events: [{ name: "e", attributes: [{ key: "deep", value: nestedArrays(40) }] }] }),
      otlpSpan({ attributes: [{ key: "ok", value: nestedArrays(32) }] }),
    ]);
    sameAsJson(body);
    const { spans, rejected } = decodeOtlpProto(encodeProtoRequest(body));
    expect(spans).toHaveLength(2);
    expect(rejected.reasons.map((r) => r.replace("of scope 0 of resource 0", "…"))).toEqual([
      "span 1 …: traceId must be 16 bytes",
      "span 2 …: spanId must be 8 bytes",
      "span 3 …: endTimeUnixNano is before startTimeUnixNano",
      "span 4 …: traceId must not be all zeros",
      "span 5 …: spanId is missing",
      "span 6 …: startTimeUnixNano is outside 2000..2200",
      "span 7 …: attribute deep: value nested deeper than 32",
      "span 8 …: event 0: attribute deep: value nested deeper than 32",
    ]);
  });

  it("rejects every span of a resource whose attributes nest too deep", () => {
    sameAsJson(request([otlpSpan(), otlpSpan()], [{ key: "deep", value: nestedArrays(33) }]));
  });

  it("rejects a span nested 200,000 levels deep without recursing into it", () => {
    const body = request([otlpSpan({ attributes: [{ key: "deep", value: deepArrayValueBytes(200_000) }] })]);
    expect(decodeOtlpProto(encodeProtoRequest(body)).rejected).toEqual({
      count: 1,
      reasons: ["span 0 of scope 0 of resource 0: attribute deep: value nested deeper than 32"],
    });
  });
});

/** A request whose single span's body is written by `body`; every enclosing length fits one byte. */
function oneSpan(body: (w: BinaryWriter) => void): Uint8Array {
  const w = new BinaryWriter();
  w.tag(1, WireType.LengthDelimited).fork().tag(2, WireType.LengthDelimited).fork();
  w.tag(2, WireType.LengthDelimited).fork();
  body(w);
  return w.join().join().join().finish();
}

const SPAN_PATH = "ExportTraceServiceRequest.resource_spans[0].scope_spans[0].spans[0]";
const decodeError = (bytes: Uint8Array): string => {
  try {
    decodeOtlpProto(bytes);
  } catch (error) {
    if (error instanceof OtlpDecodeError) return error.message;
    throw error;
  }
  throw new Error("expected an OtlpDecodeError");
};

describe("decodeOtlpProto: malformed wire data", () => {
  it("names the field, the problem and the byte offset", () => {
    expect(decodeError(oneSpan((w) => w.tag(5, WireType.Varint).uint32(3)))).toBe(
      `${SPAN_PATH}.name: wire type varint, expected length-delimited (at byte 6)`
    );
    expect(decodeError(oneSpan((w) => w.tag(5, WireType.LengthDelimited).bytes(Uint8Array.of(0xc3, 0x28))))).toBe(
      `${SPAN_PATH}.name: invalid UTF-8 (at byte 6)`
    );
    const overlong = Uint8Array.of(...Array<number>(10).fill(0xff), 0x01);
    expect(decodeError(oneSpan((w) => w.tag(6, WireType.Varint).raw(overlong)))).toBe(
      `${SPAN_PATH}.kind: invalid varint (at byte 6)`
    );
    expect(decodeError(oneSpan((w) => w.tag(7, WireType.Bit32).fixed32(1)))).toBe(
      `${SPAN_PATH}.start_time_unix_nano: wire type fixed32, expected fixed64 (at byte 6)`
    );
  });

  it("refuses lengths and fields that run past the end of their message", () => {
    expect(decodeError(Uint8Array.of(0x0a, 0x05, 0x01))).toBe(
      "ExportTraceServiceRequest.resource_spans[0]: length 5 runs past the end of its message (at byte 0)"
    );
    // resource_spans is 2 bytes long, but its schema_url claims the 5 bytes that follow it.
    expect(decodeError(Uint8Array.of(0x0a, 0x02, 0x1a, 0x05, 0x61, 0x62, 0x63, 0x64, 0x65))).toBe(
      "ExportTraceServiceRequest.resource_spans[0].field 3: runs past the end of its message (at byte 9)"
    );
    expect(decodeError(Uint8Array.of(0x12, 0x09, 0x01))).toMatch(/^ExportTraceServiceRequest.field 2: truncated/);
  });

  it("throws on every strict prefix of a valid request", () => {
    const bytes = encodeProtoRequest(request([otlpSpan({ attributes: ALL_VALUES, events: EVENTS })]));
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(() => decodeOtlpProto(bytes.subarray(0, cut)), `cut at ${cut}`).toThrow(OtlpDecodeError);
    }
  });

  it("throws on garbage, illegal tags and a JSON body sent as protobuf", () => {
    expect(decodeError(Uint8Array.of(0x00))).toBe(
      "ExportTraceServiceRequest.tag: illegal tag: field no 0 wire type 0 (at byte 0)"
    );
    const strayEndGroup = Uint8Array.of(0x14); // of the unknown field 2
    expect(decodeError(strayEndGroup)).toBe("ExportTraceServiceRequest.field 2: cant skip wire type 4 (at byte 0)");
    expect(() => decodeOtlpProto(new TextEncoder().encode('{"resourceSpans":[]}'))).toThrow(OtlpDecodeError);
    expect(() => decodeOtlpProto(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff))).toThrow(OtlpDecodeError);
  });
});

describe("encodeExportResponse and encodeStatus", () => {
  it("sends an empty response when nothing was rejected", () => {
    expect(encodeExportResponse()).toHaveLength(0);
    expect(encodeExportResponse({ rejectedSpans: 0, errorMessage: "" })).toHaveLength(0);
  });

  it("encodes partial_success with rejected_spans as int64 and the error message", () => {
    const response = new BinaryReader(encodeExportResponse({ rejectedSpans: 2 ** 40, errorMessage: "span 0: ☃" }));
    expect(response.tag()).toEqual([1, WireType.LengthDelimited]);
    const partial = new BinaryReader(response.bytes());
    expect(response.pos).toBe(response.len);
    expect(partial.tag()).toEqual([1, WireType.Varint]);
    expect(String(partial.int64())).toBe("1099511627776");
    expect(partial.tag()).toEqual([2, WireType.LengthDelimited]);
    expect(partial.string()).toBe("span 0: ☃");
    expect(partial.pos).toBe(partial.len);
  });

  it("encodes google.rpc.Status with code and message, omitting proto3 defaults", () => {
    const reader = new BinaryReader(encodeStatus(3, "bad protobuf"));
    expect(reader.tag()).toEqual([1, WireType.Varint]);
    expect(reader.int32()).toBe(3);
    expect(reader.tag()).toEqual([2, WireType.LengthDelimited]);
    expect(reader.string()).toBe("bad protobuf");
    expect(reader.pos).toBe(reader.len);
    expect(encodeStatus(0, "")).toHaveLength(0);
  });
});
