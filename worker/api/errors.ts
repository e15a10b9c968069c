import type { ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { ServiceError } from "../errors";
import type { AppEnv } from "./context";

/** Every failure leaves as `{error: {code, message, details?}}`; unexpected ones are logged, never echoed. */
export const onError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof ServiceError) {
    const body = { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
    return c.json(body, error.status as 400);
  }
  if (error instanceof HTTPException) {
    return c.json({ error: { code: "bad_request", message: error.message } }, error.status);
  }
  console.error("unhandled API error", error);
  return c.json({ error: { code: "internal", message: "internal error" } }, 500);
};
