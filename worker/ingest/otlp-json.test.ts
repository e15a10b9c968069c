import { describe, expect, it } from "vitest";
import { decodeOtlpJson, OtlpDecodeError } from "./otlp-json";
import { decodeOne, hexToBase64, nestedArrays, otlpSpan, PARENT_ID, SPAN_ID, str, TRACE_ID } from "./otlp-fixtures";

// Decoding well-formed OTLP/HTTP JSON trace exports: id normalization, int64 timestamps, AnyValue conversion,
// unknown fields, and refusing bodies that are not export requests at all. Rejections: otlp-json-rejected.test.ts.

describe("decodeOtlpJson: a well-formed span", () => {
  it("maps ids, int64 string nanos, kind, status and resource attributes", () => {
    const { spans, rejected } = decodeOne(otlpSpan());
    expect(rejected).toEqual({ count: 0, reasons: [] });
    expect(spans).toHaveLength(1);
    const span = spans[0]!;
    expect(span).toMatchObject({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      parentSpanId: PARENT_ID,
      name: "chat gpt-4o",
      kind: 3,
    });
    expect(span.startedAt).toBeCloseTo(1735689600123.4568, 3);
    expect(span.endedAt - span.startedAt).toBeCloseTo(1500, 6);
    expect(span).toMatchObject({ statusCode: 1, statusMessage: null, events: [] });
    expect(span.resource).toEqual({ "service.name": "agent" });
    expect(span.attributes).toEqual({ "gen_ai.operation.name": "chat" });
  });

  it("accepts nanos as JSON numbers and enum names instead of numbers", () => {
    const [span] = decodeOne(
      otlpSpan({
        startTimeUnixNano: 1735689600000000000,
        endTimeUnixNano: 1735689602000000000,
        kind: "SPAN_KIND_CLIENT",
        status: { code: "STATUS_CODE_ERROR", message: "boom" },
      })
    ).spans;
    expect(span).toMatchObject({
      startedAt: 1735689600000,
      endedAt: 1735689602000,
      kind: 3,
      statusCode: 2,
      statusMessage: "boom",
    });
  });

  it("normalizes uppercase hex and base64 (standard, unpadded, url-safe) ids to lowercase hex", () => {
    const variants = [
      { traceId: TRACE_ID.toUpperCase(), spanId: SPAN_ID.toUpperCase(), parentSpanId: PARENT_ID },
      { traceId: hexToBase64(TRACE_ID), spanId: hexToBase64(SPAN_ID), parentSpanId: hexToBase64(PARENT_ID) },
      {
        traceId: hexToBase64(TRACE_ID).replace(/=+$/, ""),
        spanId: hexToBase64(SPAN_ID).replace(/=+$/, ""),
        parentSpanId: PARENT_ID,
      },
    ];
    for (const ids of variants) {
      expect(decodeOne(otlpSpan(ids)).spans[0]).toMatchObject({
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        parentSpanId: PARENT_ID,
      });
    }
    // "/" and "+" in standard base64 become "_" and "-" in the url-safe alphabet.
    const slashy = "ff".repeat(8);
    const urlSafe = hexToBase64(slashy).replace(/\//g, "_").replace(/\+/g, "-");
    expect(decodeOne(otlpSpan({ spanId: urlSafe })).spans[0]?.spanId).toBe(slashy);
  });

  it("treats an empty, missing or all-zero parentSpanId as a root span", () => {
    for (const parentSpanId of ["", undefined, "0000000000000000"]) {
      expect(decodeOne(otlpSpan({ parentSpanId })).spans[0]?.parentSpanId).toBeNull();
    }
  });

  it("converts every AnyValue kind to plain JS", () => {
    const attributes = [
      { key: "b", value: { boolValue: true } },
      { key: "i", value: { intValue: "42" } },
      { key: "i_num", value: { intValue: 7 } },
      { key: "i_big", value: { intValue: "9007199254740993" } },
      { key: "d", value: { doubleValue: 0.25 } },
      { key: "bytes", value: { bytesValue: "AQID" } },
      { key: "arr", value: { arrayValue: { values: [{ stringValue: "x" }, { intValue: "1" }] } } },
      { key: "kv", value: { kvlistValue: { values: [{ key: "nested", value: { boolValue: false } }] } } },
      { key: "empty", value: {} },
    ];
    expect(decodeOne(otlpSpan({ attributes })).spans[0]?.attributes).toEqual({
      b: true,
      i: 42,
      i_num: 7,
      i_big: "9007199254740993",
      d: 0.25,
      bytes: "AQID",
      arr: ["x", 1],
      kv: { nested: false },
      empty: null,
    });
  });

  it("decodes events, pinning an event without a time to the span start", () => {
    const events = [
      { timeUnixNano: "1735689600500000000", name: "gen_ai.user.message", attributes: [str("content", "hi")] },
      { name: "exception" },
    ];
    const span = decodeOne(otlpSpan({ events })).spans[0]!;
    expect(span.events).toEqual([
      { name: "gen_ai.user.message", time: 1735689600500, attributes: { content: "hi" } },
      { name: "exception", time: span.startedAt, attributes: {} },
    ]);
  });

  it("ignores unknown fields at every level", () => {
    const body = {
      extra: 1,
      resourceSpans: [
        {
          schemaUrl: "https://opentelemetry.io/schemas/1.30.0",
          resource: { attributes: [str("service.name", "svc")], droppedAttributesCount: 0 },
          scopeSpans: [
            {
              scope: { name: "s", version: "1" },
              futureField: {},
              spans: [
                otlpSpan({
                  links: [],
                  flags: 256,
                  status: { code: 0, extra: true },
                  attributes: [{ key: "k", value: { stringValue: "v", unknownValue: 3 } }],
                }),
              ],
            },
          ],
        },
      ],
    };
    const { spans, rejected } = decodeOtlpJson(body);
    expect(rejected.count).toBe(0);
    expect(spans[0]).toMatchObject({ attributes: { k: "v" }, resource: { "service.name": "svc" }, statusCode: 0 });
  });

  it("allows values nested exactly 32 levels deep", () => {
    const attributes = [{ key: "deep", value: nestedArrays(32) }];
    expect(decodeOne(otlpSpan({ attributes })).rejected.count).toBe(0);
  });
});

describe("decodeOtlpJson: the request envelope", () => {
  it("accepts an empty object as an empty request", () => {
    expect(decodeOtlpJson({})).toEqual({ spans: [], rejected: { count: 0, reasons: [] } });
    expect(decodeOtlpJson({ resourceSpans: [] }).spans).toEqual([]);
  });

  it("throws OtlpDecodeError for bodies that are not an export request", () => {
    for (const body of [[], "resourceSpans", null, 42, { resourceSpans: "x" }, { resourceSpans: {} }]) {
      expect(() => decodeOtlpJson(body)).toThrow(OtlpDecodeError);
    }
  });
});
