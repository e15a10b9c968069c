import { createMiddleware } from "hono/factory";
import { ServiceError } from "../errors";
import type { AppEnv } from "./context";

export const RETRY_AFTER_SECONDS = 10;

/** Limits ingest per API key (or per user), with the Workers rate-limiting binding's window. */
export const rateLimitIngest = createMiddleware<AppEnv>(async (c, next) => {
  const principal = c.get("principal");
  const key = principal.kind === "key" ? principal.keyId : principal.userId;
  const { success } = await c.env.INGEST_RATE_LIMITER.limit({ key });
  if (!success) throw new ServiceError("rate_limited", `too many requests for this key; retry after ${RETRY_AFTER_SECONDS} s`);
  return next();
});
