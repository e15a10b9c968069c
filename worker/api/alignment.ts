import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { agreementQuerySchema, alignmentQuerySchema } from "../alignment/schemas";
import { evaluationAlignment, listEvaluations, reviewerAgreement } from "../alignment/service";
import type { AppEnv } from "./context";
import { json, listOf } from "./openapi/common";
import { alignmentSchema, evaluationSummarySchema, reviewerAgreementSchema } from "./openapi/alignment";
import { documented, readRouteQuery } from "./openapi/define";
import { errorResponses } from "./openapi/errors";
import { tags } from "./openapi/tags";

const listRoute = createRoute({
  method: "get",
  path: "/",
  tags: [tags.evaluations.name],
  summary: "List evaluations: every name machine scores were recorded under, with counts",
  responses: { 200: json(listOf(evaluationSummarySchema, "EvaluationList"), "Every evaluation, by name."), ...errorResponses() },
});

const alignmentRoute = createRoute({
  method: "get",
  path: "/{name}/alignment",
  tags: [tags.evaluations.name],
  summary: "How well an evaluation agrees with the human verdicts",
  description:
    "Pairs each trace's machine score with the published human verdicts (conversation level; each reviewer's latest; majority " +
    "or mean across reviewers, even splits left out) on the same score config. Boolean and categorical scores: confusion " +
    "matrix, accuracy, per-class and macro precision/recall/F1, Cohen's kappa, Matthews correlation. Numeric: Pearson, Spearman, " +
    "MAE, RMSE. Each with a 95% interval. Also alignment per week or day (drift) and the disagreements, paged.",
  request: {
    params: z.object({ name: z.string().openapi({ param: { name: "name", in: "path" }, description: "The evaluation's name, URL-encoded." }) }),
    query: alignmentQuerySchema.extend({
      scoreConfigId: alignmentQuerySchema.shape.scoreConfigId.openapi({ description: "Defaults to the config most of the evaluation's scores use." }),
      source: alignmentQuerySchema.shape.source.openapi({ description: "Only scores from this source (classifier, api, otlp). By default each trace's latest score." }),
      tolerance: alignmentQuerySchema.shape.tolerance.openapi({ description: "Numeric scores: differences above it are disagreements. Default: a tenth of the config's range." }),
    }),
  },
  responses: { 200: json(alignmentSchema, "The alignment report."), ...errorResponses(400, 404) },
});

export const evaluationRoutes = new OpenAPIHono<AppEnv>();
evaluationRoutes
  .openapi(documented(evaluationRoutes, listRoute), async (c) => c.json({ items: await listEvaluations(c.get("db"), c.get("principal")) }, 200))
  .openapi(documented(evaluationRoutes, alignmentRoute), async (c) => {
    const query = readRouteQuery(c, alignmentRoute);
    return c.json(await evaluationAlignment(c.get("db"), c.get("principal"), decodeURIComponent(c.req.param("name")), query), 200);
  });

const agreementRoute = createRoute({
  method: "get",
  path: "/",
  tags: [tags.evaluations.name],
  summary: "How well reviewers agree with each other on a score config",
  description:
    "From each reviewer's latest published verdict per trace (optionally within one queue): Krippendorff's alpha (nominal for " +
    "boolean and categorical scores, interval for numeric; missing ratings allowed) and, for every pair of reviewers, their " +
    "exact agreement, Cohen's kappa (nominal) and alpha, each with a 95% interval.",
  request: { query: agreementQuerySchema },
  responses: { 200: json(reviewerAgreementSchema, "Agreement among reviewers."), ...errorResponses(400, 404) },
});

export const reviewerAgreementRoutes = new OpenAPIHono<AppEnv>();
reviewerAgreementRoutes.openapi(documented(reviewerAgreementRoutes, agreementRoute), async (c) =>
  c.json(await reviewerAgreement(c.get("db"), c.get("principal"), readRouteQuery(c, agreementRoute)), 200),
);
