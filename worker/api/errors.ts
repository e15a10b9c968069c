import type { ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { ServiceError, type ErrorCode } from "../errors";
import { codecFor } from "../ingest/otlp-codec";
import type { AppEnv } from "./context";
import { RETRY_AFTER_SECONDS } from "./rate-limit";

/**
 * Every failure leaves as `{error: {code, message, details?}}`, except on OTLP ingest, which answers in the
 * request's encoding (a protobuf `Status` for protobuf). Unexpected errors are logged, never echoed.
 */
export const onError: ErrorHandler<AppEnv> = (error, c) => {
  const known = toServiceError(error);
  if (!known) {
    console.error("unhandled API error", error);
    return c.json({ error: { code: "internal", message: "internal error" } }, 500);
  }
  const headers: Record<string, string> = known.code === "rate_limited" ? { "Retry-After": String(RETRY_AFTER_SECONDS) } : {};
  const otlp = c.req.path.startsWith("/v1/") ? codecFor(c.req.header("Content-Type")) : null;
  if (otlp) {
    return new Response(otlp.encodeError(known.code, known.message), {
      status: known.status,
      headers: { ...headers, "Content-Type": otlp.contentType },
    });
  }
  const body = { error: { code: known.code, message: known.message, ...(known.details ? { details: known.details } : {}) } };
  return c.json(body, known.status as 400, headers);
};

function toServiceError(error: Error): ServiceError | null {
  if (error instanceof ServiceError) return error;
  if (error instanceof HTTPException) return new ServiceError(codeForStatus(error.status), error.message);
  return null;
}

function codeForStatus(status: number): ErrorCode {
  if (status === 413) return "payload_too_large";
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  return "bad_request";
}
