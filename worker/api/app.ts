import { OpenAPIHono } from "@hono/zod-openapi";
import { ServiceError } from "../errors";
import { evaluationRoutes, reviewerAgreementRoutes } from "./alignment";
import { annotationChangeRoutes } from "./annotation-changes";
import { annotationRoutes, scoreConfigRoutes } from "./annotations";
import { authenticate } from "./authenticate";
import { classifierSettingsRoutes } from "./classifier-settings";
import { datasetRoutes } from "./datasets";
import type { AppEnv } from "./context";
import { onError } from "./errors";
import { issueRoutes } from "./issues";
import { modelPriceRoutes } from "./model-prices";
import { documented } from "./openapi/define";
import { documentRoute, openApiDocument, registerSharedComponents } from "./openapi/document";
import { otlpRoutes } from "./otlp";
import { queueItemRoutes } from "./queue-items";
import { queuePresenceRoutes } from "./queue-presence";
import { queueRoutes } from "./queues";
import { scoreRoutes } from "./scores";
import { sessionRoutes, traceRoutes } from "./traces";

/** The public HTTP contract of DESIGN.md: OTLP ingest and the JSON API, described at /api/v1/openapi.json. */
export const api = new OpenAPIHono<AppEnv>({
  // Routes validate with readJson/readQuery (see openapi/define.ts); should one ever use the library's
  // validators instead, its failures still leave in the one error shape rather than zod's raw result.
  defaultHook: (result) => {
    if (!result.success) throw ServiceError.fromZod(result.error, result.target === "json" ? "body" : result.target);
  },
});
registerSharedComponents(api);

// Registered before `authenticate`, so the document is served to anyone: the handler answers and the chain ends.
api.openapi(documented(api, documentRoute), (c) => c.json(openApiDocument(api), 200));

api
  .use("/v1/*", authenticate)
  .use("/api/v1/*", authenticate)
  .route("/v1/traces", otlpRoutes)
  .route("/api/v1/traces", traceRoutes)
  .route("/api/v1/sessions", sessionRoutes)
  .route("/api/v1/queues", queueRoutes)
  .route("/api/v1/queues", queueItemRoutes)
  .route("/api/v1/queues", queuePresenceRoutes)
  .route("/api/v1/annotations", annotationRoutes)
  .route("/api/v1/annotations", annotationChangeRoutes)
  .route("/api/v1/issues", issueRoutes)
  .route("/api/v1/datasets", datasetRoutes)
  .route("/api/v1/score-configs", scoreConfigRoutes)
  .route("/api/v1/model-prices", modelPriceRoutes)
  .route("/api/v1/classifier-settings", classifierSettingsRoutes)
  .route("/api/v1/scores", scoreRoutes)
  .route("/api/v1/evaluations", evaluationRoutes)
  .route("/api/v1/reviewer-agreement", reviewerAgreementRoutes)
  .onError(onError)
  .notFound((c) => c.json({ error: { code: "not_found", message: `no route for ${c.req.method} ${c.req.path}` } }, 404));

export function isApiPath(pathname: string): boolean {
  return pathname.startsWith("/v1/") || pathname === "/v1" || pathname.startsWith("/api/");
}
