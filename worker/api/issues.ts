import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { createIssueSchema, listIssuesQuerySchema } from "../issues/schemas";
import { createIssue, listIssues } from "../issues/service";
import type { AppEnv } from "./context";
import { json, jsonBody } from "./openapi/common";
import { documented, readRouteBody, readRouteQuery } from "./openapi/define";
import { errorResponses } from "./openapi/errors";
import { issuePageSchema, issueSchema, issuesTag } from "./openapi/issues";

const listIssuesRoute = createRoute({
  method: "get",
  path: "/",
  tags: [issuesTag.name],
  summary: "List issues, newest first",
  description: "`status` keeps open or resolved ones; `q` keeps titles containing it (case-insensitive).",
  request: { query: listIssuesQuerySchema },
  responses: { 200: json(issuePageSchema, "A page of issues."), ...errorResponses(400) },
});

const createIssueRoute = createRoute({
  method: "post",
  path: "/",
  tags: [issuesTag.name],
  summary: "File an issue",
  description: "Reviewers and admins. Annotations link to it by `issueId` (or file one in passing with `newIssue`).",
  request: { body: jsonBody(createIssueSchema.openapi("CreateIssue")) },
  responses: { 201: json(issueSchema, "The new issue, open."), ...errorResponses(400, 413, 415) },
});

export const issueRoutes = new OpenAPIHono<AppEnv>();
issueRoutes
  .openapi(documented(issueRoutes, listIssuesRoute), async (c) => c.json(await listIssues(c.get("db"), c.get("principal"), readRouteQuery(c, listIssuesRoute)), 200))
  .openapi(documented(issueRoutes, createIssueRoute), async (c) => {
    const input = await readRouteBody(c, createIssueRoute, "issue");
    return c.json(await createIssue(c.get("db"), c.get("principal"), input), 201);
  });
