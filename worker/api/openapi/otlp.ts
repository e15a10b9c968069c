import { z } from "@hono/zod-openapi";
import { errorBodySchema, retryAfterHeader } from "./errors";

// OTLP/HTTP bodies (https://opentelemetry.io/docs/specs/otlp/#otlphttp). The handler decodes them itself (gzip,
// protobuf, a 20 MiB limit), so these schemas only describe the wire format; nothing validates against them.

const binary = { schema: { type: "string" as const, contentMediaType: "application/x-protobuf" } };

const exportRequestSchema = z
  .object({ resourceSpans: z.array(z.record(z.string(), z.unknown())).openapi({ description: "OTLP ResourceSpans, in OTLP/JSON encoding." }) })
  .openapi("OtlpExportTraceServiceRequest", { description: "opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest" });

const exportResponseSchema = z
  .object({
    partialSuccess: z
      .object({
        rejectedSpans: z.string().openapi({ description: "An int64, so a string in OTLP/JSON." }),
        errorMessage: z.string(),
      })
      .optional()
      .openapi({ description: "Present when some spans were rejected; the rest were stored." }),
  })
  .openapi("OtlpExportTraceServiceResponse");

// The JSON codec adds google.rpc.Status fields beside our error body, so OTLP clients and ours both read it.
const otlpErrorSchema = errorBodySchema
  .extend({ code: z.number().int().openapi({ description: "google.rpc.Code" }), message: z.string() })
  .openapi("OtlpError");

const errorContent = { "application/json": { schema: otlpErrorSchema }, "application/x-protobuf": binary };

const failure = (description: string) => ({ description: `${description} In the request's encoding (google.rpc.Status for protobuf).`, content: errorContent });

export const otlpRequestBody = {
  required: true,
  description: "Optionally gzip-compressed (`Content-Encoding: gzip`); at most 20 MiB after decompression.",
  content: { "application/json": { schema: exportRequestSchema }, "application/x-protobuf": binary },
};

export const otlpResponses = {
  200: {
    description: "Stored, in the request's encoding. `partialSuccess` counts spans that were rejected.",
    content: { "application/json": { schema: exportResponseSchema }, "application/x-protobuf": binary },
  },
  400: failure("The body could not be decoded."),
  401: failure("No valid API key."),
  403: failure("The key may not ingest."),
  413: failure("Over 20 MiB after decompression."),
  415: {
    description: "Content-Type not supported (answered as JSON), or Content-Encoding not supported (in the request's encoding).",
    content: { "application/json": { schema: errorBodySchema }, "application/x-protobuf": binary },
  },
  429: { ...failure("Too many requests for this key."), headers: retryAfterHeader },
  500: { description: "Internal error, always as JSON.", content: { "application/json": { schema: errorBodySchema } } },
};
