import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { createAnnotation, createAnnotationSchema, listAnnotations, listScoreConfigs } from "../annotations/service";
import { createScoreConfig, createScoreConfigSchema } from "../annotations/score-configs";
import type { AppEnv } from "./context";
import { json, jsonBody, listOf } from "./openapi/common";
import { documented, readRouteBody, readRouteQuery } from "./openapi/define";
import { annotationSchema, createdAnnotationSchema, scoreConfigSchema } from "./openapi/annotations";
import { errorResponses } from "./openapi/errors";
import { tags } from "./openapi/tags";

const listAnnotationsRoute = createRoute({
  method: "get",
  path: "/",
  tags: [tags.annotations.name],
  summary: "List a trace's annotations, oldest first",
  request: { query: z.object({ traceId: z.string().min(1) }) },
  responses: { 200: json(listOf(annotationSchema, "AnnotationList"), "Every annotation on the trace."), ...errorResponses(400) },
});

const createAnnotationRoute = createRoute({
  method: "post",
  path: "/",
  tags: [tags.annotations.name],
  summary: "Annotate a trace",
  description: "`value` must fit the score config: true/false for boolean, one of its categories, or a number in its range.",
  request: { body: jsonBody(createAnnotationSchema.openapi("CreateAnnotation")) },
  responses: { 201: json(createdAnnotationSchema, "The new annotation."), ...errorResponses(400, 404, 413, 415) },
});

export const annotationRoutes = new OpenAPIHono<AppEnv>();
annotationRoutes
  .openapi(documented(annotationRoutes, listAnnotationsRoute), async (c) => {
    const { traceId } = readRouteQuery(c, listAnnotationsRoute);
    return c.json({ items: await listAnnotations(c.get("db"), c.get("principal"), traceId) }, 200);
  })
  .openapi(documented(annotationRoutes, createAnnotationRoute), async (c) => {
    const input = await readRouteBody(c, createAnnotationRoute, "annotation");
    return c.json(await createAnnotation(c.get("db"), c.get("principal"), input), 201);
  });

const listScoreConfigsRoute = createRoute({
  method: "get",
  path: "/",
  tags: [tags.annotations.name],
  summary: "List the project's score configs, by name",
  responses: { 200: json(listOf(scoreConfigSchema, "ScoreConfigList"), "Every score config."), ...errorResponses() },
});

const createScoreConfigRoute = createRoute({
  method: "post",
  path: "/",
  tags: [tags.annotations.name],
  summary: "Create a score config",
  description: "Admins only. Boolean is pass/fail; categorical takes 2–20 distinct `categories`; numeric a `minValue` below its `maxValue`. Names are unique per project, ignoring case.",
  request: { body: jsonBody(createScoreConfigSchema.openapi("CreateScoreConfig")) },
  responses: { 201: json(scoreConfigSchema, "The new score config."), ...errorResponses(400, 409, 413, 415) },
});

export const scoreConfigRoutes = new OpenAPIHono<AppEnv>();
scoreConfigRoutes
  .openapi(documented(scoreConfigRoutes, listScoreConfigsRoute), async (c) =>
    c.json({ items: await listScoreConfigs(c.get("db"), c.get("principal")) }, 200),
  )
  .openapi(documented(scoreConfigRoutes, createScoreConfigRoute), async (c) => {
    const input = await readRouteBody(c, createScoreConfigRoute, "score config");
    return c.json(await createScoreConfig(c.get("db"), c.get("principal"), input), 201);
  });
