import { Hono } from "hono";
import { ServiceError } from "../errors";
import { readLimitedBody } from "../ingest/body";
import { ingestDecoded } from "../ingest/ingest";
import { codecFor } from "../ingest/otlp-codec";
import type { AppEnv } from "./context";
import { rateLimitIngest } from "./rate-limit";

/** OTLP/HTTP trace export (https://opentelemetry.io/docs/specs/otlp/#otlphttp). */
export const otlpRoutes = new Hono<AppEnv>().post("/", rateLimitIngest, async (c) => {
  const codec = codecFor(c.req.header("Content-Type"));
  if (!codec) {
    throw new ServiceError("unsupported_media_type", `Content-Type must be application/json or application/x-protobuf (got ${c.req.header("Content-Type") ?? "none"})`);
  }
  const decoded = codec.decode(await readLimitedBody(c.req.raw));
  const outcome = await ingestDecoded(c.get("db"), c.env, c.get("principal"), decoded);
  return new Response(codec.encodeResponse(outcome.rejected), { status: 200, headers: { "Content-Type": codec.contentType } });
});
