import { ServiceError, type ErrorCode } from "../errors";
import { decodeOtlpJson, OtlpDecodeError, type DecodeResult } from "./otlp-json";
import { decodeOtlpProto, encodeExportResponse, encodeStatus } from "./otlp-proto";

// OTLP/HTTP answers in the request's encoding: JSON for JSON, protobuf for protobuf, errors included.

export interface OtlpCodec {
  contentType: "application/json" | "application/x-protobuf";
  decode(body: Uint8Array): DecodeResult;
  encodeResponse(rejected: DecodeResult["rejected"]): BodyInit;
  encodeError(code: ErrorCode, message: string): BodyInit;
}

// google.rpc.Code for each of our error codes, as OTLP's Status body expects.
const grpcCodes: Record<ErrorCode, number> = {
  bad_request: 3,
  unauthorized: 16,
  forbidden: 7,
  not_found: 5,
  conflict: 6,
  unsupported_media_type: 3,
  payload_too_large: 3,
  rate_limited: 8,
};

function partialSuccess(rejected: DecodeResult["rejected"]) {
  return rejected.count === 0 ? undefined : { rejectedSpans: rejected.count, errorMessage: rejected.reasons.join("; ") };
}

const json: OtlpCodec = {
  contentType: "application/json",
  decode(body) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
    } catch (error) {
      throw new ServiceError("bad_request", `the body is not valid UTF-8 JSON: ${(error as Error).message}`);
    }
    return decodeOrReject(() => decodeOtlpJson(parsed));
  },
  encodeResponse(rejected) {
    const partial = partialSuccess(rejected);
    // int64 fields are strings in OTLP JSON.
    return JSON.stringify(partial ? { partialSuccess: { ...partial, rejectedSpans: String(partial.rejectedSpans) } } : {});
  },
  encodeError(code, message) {
    return JSON.stringify({ error: { code, message }, code: grpcCodes[code], message });
  },
};

const protobuf: OtlpCodec = {
  contentType: "application/x-protobuf",
  decode: (body) => decodeOrReject(() => decodeOtlpProto(body)),
  // Copied into a fresh ArrayBuffer-backed array, which is what a Response body accepts.
  encodeResponse: (rejected) => new Uint8Array(encodeExportResponse(partialSuccess(rejected))),
  encodeError: (code, message) => new Uint8Array(encodeStatus(grpcCodes[code], message)),
};

function decodeOrReject(decode: () => DecodeResult): DecodeResult {
  try {
    return decode();
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw new ServiceError("bad_request", error.message);
    throw error;
  }
}

/** The codec for a Content-Type header, or null when OTLP/HTTP does not define that encoding. */
export function codecFor(contentTypeHeader: string | undefined): OtlpCodec | null {
  const type = (contentTypeHeader ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/json") return json;
  if (type === "application/x-protobuf" || type === "application/protobuf") return protobuf;
  return null;
}
