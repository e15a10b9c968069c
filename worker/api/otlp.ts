import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { ServiceError } from "../errors";
import { readLimitedBody } from "../ingest/body";
import { ingestDecoded } from "../ingest/ingest";
import { codecFor } from "../ingest/otlp-codec";
import type { AppEnv } from "./context";
import { documented } from "./openapi/define";
import { otlpRequestBody, otlpResponses } from "./openapi/otlp";
import { tags } from "./openapi/tags";
import { rateLimitIngest } from "./rate-limit";

const exportRoute = createRoute({
  method: "post",
  path: "/",
  tags: [tags.ingest.name],
  summary: "OTLP/HTTP trace export",
  description: "Point an OpenTelemetry exporter's traces endpoint here, with `Authorization: Bearer <project key>`.",
  middleware: [rateLimitIngest],
  request: { body: otlpRequestBody },
  responses: otlpResponses,
});

/** OTLP/HTTP trace export (https://opentelemetry.io/docs/specs/otlp/#otlphttp). */
export const otlpRoutes = new OpenAPIHono<AppEnv>();
otlpRoutes.openapi(documented(otlpRoutes, exportRoute), async (c) => {
  const codec = codecFor(c.req.header("Content-Type"));
  if (!codec) {
    throw new ServiceError("unsupported_media_type", `Content-Type must be application/json or application/x-protobuf (got ${c.req.header("Content-Type") ?? "none"})`);
  }
  const decoded = codec.decode(await readLimitedBody(c.req.raw));
  const outcome = await ingestDecoded(c.get("db"), c.env, c.get("principal"), decoded);
  return new Response(codec.encodeResponse(outcome.rejected), { status: 200, headers: { "Content-Type": codec.contentType } });
});
