import { Hono } from "hono";
import { annotationRoutes, scoreConfigRoutes } from "./annotations";
import { authenticate } from "./authenticate";
import type { AppEnv } from "./context";
import { onError } from "./errors";
import { modelPriceRoutes } from "./model-prices";
import { otlpRoutes } from "./otlp";
import { queueRoutes } from "./queues";
import { sessionRoutes, traceRoutes } from "./traces";

/** The public HTTP contract of DESIGN.md: OTLP ingest and the JSON API. */
export const api = new Hono<AppEnv>()
  .use("/v1/*", authenticate)
  .use("/api/v1/*", authenticate)
  .route("/v1/traces", otlpRoutes)
  .route("/api/v1/traces", traceRoutes)
  .route("/api/v1/sessions", sessionRoutes)
  .route("/api/v1/queues", queueRoutes)
  .route("/api/v1/annotations", annotationRoutes)
  .route("/api/v1/score-configs", scoreConfigRoutes)
  .route("/api/v1/model-prices", modelPriceRoutes)
  .onError(onError)
  .notFound((c) => c.json({ error: { code: "not_found", message: `no route for ${c.req.method} ${c.req.path}` } }, 404));

export function isApiPath(pathname: string): boolean {
  return pathname.startsWith("/v1/") || pathname === "/v1" || pathname.startsWith("/api/");
}
