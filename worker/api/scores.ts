import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { MAX_SCORES_PER_REQUEST, postScoresSchema } from "../scores/schemas";
import { postScores } from "../scores/service";
import type { AppEnv } from "./context";
import { json, jsonBody } from "./openapi/common";
import { documented, readRouteBody } from "./openapi/define";
import { errorResponses } from "./openapi/errors";
import { postedScoresSchema } from "./openapi/scores";
import { tags } from "./openapi/tags";

const postScoresRoute = createRoute({
  method: "post",
  path: "/",
  tags: [tags.evaluations.name],
  summary: "Send machine scores from an outside evaluator",
  description:
    `Up to ${MAX_SCORES_PER_REQUEST} scores, each tied to a trace, an evaluation name and a score config (by id or name); \`value\` must fit ` +
    "the config as for annotations. Stored with source `api`, one per (trace, evaluation): re-posting replaces. Completed traces " +
    "are then offered to live queues again, so a queue filtered to an evaluation having scored takes them. Needs an ingest or " +
    "admin key (or an admin). If any score is invalid (unknown trace or config, value out of range), nothing is written and " +
    "`details.issues` names each failing item as `scores.<index>.<field>`.",
  request: { body: jsonBody(postScoresSchema.openapi("PostScores")) },
  responses: { 200: json(postedScoresSchema, "The stored scores."), ...errorResponses(400, 413, 415) },
});

export const scoreRoutes = new OpenAPIHono<AppEnv>();
scoreRoutes.openapi(documented(scoreRoutes, postScoresRoute), async (c) => {
  const input = await readRouteBody(c, postScoresRoute, "scores");
  return c.json(await postScores(c.get("db"), c.env, c.get("principal"), input), 200);
});
