import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeOtlpJson, OtlpDecodeError } from "./otlp-json";
import { decodeOtlpProto } from "./otlp-proto";
import { otlpRequest } from "./otlp-arbitraries";
import { encodeProtoRequest } from "./otlp-proto-fixtures";

// Properties over random requests: protobuf and JSON of the same request decode alike, and no byte sequence
// makes the protobuf decoder fail with anything but OtlpDecodeError.

const RUNS = 300;

/** The only acceptable outcomes for any bytes: a DecodeResult, or an OtlpDecodeError. */
function decodesOrRefuses(bytes: Uint8Array): void {
  try {
    const result = decodeOtlpProto(bytes);
    expect(result.rejected.count).toBeGreaterThanOrEqual(0);
  } catch (error) {
    if (!(error instanceof OtlpDecodeError)) throw error;
  }
}

describe("decodeOtlpProto properties", () => {
  it("decodes the protobuf form of any request exactly as the JSON form", () => {
    fc.assert(
      fc.property(otlpRequest, fc.boolean(), (body, unknownFields) => {
        expect(decodeOtlpProto(encodeProtoRequest(body, { unknownFields }))).toEqual(decodeOtlpJson(body));
      }),
      { numRuns: RUNS }
    );
  });

  it("returns a result or throws OtlpDecodeError for arbitrary bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), decodesOrRefuses), { numRuns: RUNS });
  });

  it("returns a result or throws OtlpDecodeError for valid requests with flipped bytes or cut short", () => {
    const flips = fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { maxLength: 4 });
    fc.assert(
      fc.property(otlpRequest, flips, fc.option(fc.nat()), (body, changes, cut) => {
        const bytes = encodeProtoRequest(body);
        for (const { at, byte } of changes) if (bytes.length > 0) bytes[at % bytes.length] = byte;
        decodesOrRefuses(cut === null ? bytes : bytes.subarray(0, cut % (bytes.length + 1)));
      }),
      { numRuns: RUNS }
    );
  });
});
