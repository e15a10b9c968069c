import { describe, expect, it } from "vitest";
import { decodeOtlpJson } from "./otlp-json";
import { decodeOne, nestedArrays, otlpSpan, request, SPAN_ID } from "./otlp-fixtures";

// Spans the decoder must drop, each with a located reason, without failing the rest of the batch.

describe("decodeOtlpJson: rejected spans", () => {
  const reasonFor = (overrides: Record<string, unknown>) => {
    const result = decodeOne(otlpSpan(overrides));
    expect(result.spans).toHaveLength(0);
    expect(result.rejected.count).toBe(1);
    return result.rejected.reasons[0];
  };

  it("rejects bad id lengths with a located reason and keeps the good spans of the batch", () => {
    const result = decodeOtlpJson(
      request([otlpSpan(), otlpSpan({ traceId: "abcd" }), otlpSpan({ spanId: SPAN_ID + "00" })])
    );
    expect(result.spans).toHaveLength(1);
    expect(result.rejected).toEqual({
      count: 2,
      reasons: [
        "span 1 of scope 0 of resource 0: traceId must be 16 bytes",
        "span 2 of scope 0 of resource 0: spanId must be 8 bytes",
      ],
    });
  });

  it("rejects all-zero, missing, non-hex/base64 and malformed parent ids", () => {
    expect(reasonFor({ traceId: "0".repeat(32) })).toContain("traceId must not be all zeros");
    expect(reasonFor({ spanId: undefined })).toContain("spanId is missing");
    expect(reasonFor({ spanId: "not an id!!" })).toContain("spanId must be 8 bytes of hex or base64");
    expect(reasonFor({ parentSpanId: "abc" })).toContain("parentSpanId must be 8 bytes");
  });

  it("rejects absurd timestamps and an end before the start", () => {
    expect(reasonFor({ startTimeUnixNano: "0" })).toContain("startTimeUnixNano is outside 2000..2200");
    expect(reasonFor({ endTimeUnixNano: "10413792000000000000" })).toContain("endTimeUnixNano is outside 2000..2200"); // 2300
    expect(reasonFor({ startTimeUnixNano: "-5" })).toContain("startTimeUnixNano must be an unsigned integer");
    expect(reasonFor({ endTimeUnixNano: "1735689600000000000" })).toContain(
      "endTimeUnixNano is before startTimeUnixNano"
    );
  });

  it("rejects values nested deeper than 32 levels, in attributes and in events", () => {
    expect(reasonFor({ attributes: [{ key: "deep", value: nestedArrays(33) }] })).toContain(
      "attribute deep: value nested deeper than 32"
    );
    const events = [{ name: "e", attributes: [{ key: "deep", value: nestedArrays(40) }] }];
    expect(reasonFor({ events })).toContain("event 0: attribute deep");
  });

  it("rejects wrongly typed fields with the zod path", () => {
    expect(reasonFor({ name: 5 })).toMatch(/^span 0 of scope 0 of resource 0: name: /);
    expect(reasonFor({ attributes: [{ key: "n", value: { intValue: "1.5" } }] })).toContain(
      "attribute n: intValue must be an integer"
    );
  });

  it("rejects every span of a resource whose attributes are unreadable", () => {
    const result = decodeOtlpJson(request([otlpSpan(), otlpSpan()], [{ key: "deep", value: nestedArrays(33) }]));
    expect(result.spans).toHaveLength(0);
    expect(result.rejected.count).toBe(2);
    expect(result.rejected.reasons[0]).toMatch(/^resource 0: resource attribute deep/);
  });

  it("counts every rejected span but keeps at most 20 reasons", () => {
    const result = decodeOtlpJson(request(Array.from({ length: 25 }, () => otlpSpan({ spanId: "" }))));
    expect(result.rejected.count).toBe(25);
    expect(result.rejected.reasons).toHaveLength(20);
  });

  it("reports, without throwing, a scope whose spans field is not a list", () => {
    const body = { resourceSpans: [{ scopeSpans: [{ spans: "nope" }, { spans: [otlpSpan()] }] }] };
    const result = decodeOtlpJson(body);
    expect(result.spans).toHaveLength(1);
    expect(result.rejected.reasons[0]).toMatch(/^scope 0 of resource 0: spans: /);
  });
});
