import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { acceptDraft, acceptDraftSchema, annotationEditSchema, rejectDraft, updateAnnotation } from "../annotations/edit";
import type { AppEnv } from "./context";
import { json, jsonBody } from "./openapi/common";
import { annotationChangeSchema, annotationIdParam } from "./openapi/annotation-changes";
import { documented, readRouteBody } from "./openapi/define";
import { errorResponses } from "./openapi/errors";
import { tags } from "./openapi/tags";

// Mounted beside annotationRoutes under /api/v1/annotations: what happens to an annotation after it is made.

const params = z.object({ annotationId: annotationIdParam });

const updateRoute = createRoute({
  method: "patch",
  path: "/{annotationId}",
  tags: [tags.annotations.name],
  summary: "Correct a published annotation",
  description: "Its author or an admin. Send only what changes: `value` (with `scoreConfigId` to switch scores), `comment`, `issueId` (null unlinks) or `newIssue`.",
  request: { params, body: jsonBody(annotationEditSchema.openapi("AnnotationEdit")) },
  responses: { 200: json(annotationChangeSchema, "The annotation after the change."), ...errorResponses(400, 404, 409, 413, 415) },
});

const acceptRoute = createRoute({
  method: "post",
  path: "/{annotationId}/accept",
  tags: [tags.annotations.name],
  summary: "Accept a draft, as it is or with edits",
  description:
    "The draft becomes the caller's published human annotation, so it counts as a human verdict. An empty object accepts it unchanged. 409 when it is no longer a draft.",
  request: { params, body: jsonBody(acceptDraftSchema.openapi("AcceptDraft")) },
  responses: { 200: json(annotationChangeSchema, "The published annotation."), ...errorResponses(400, 404, 409, 413, 415) },
});

const rejectRoute = createRoute({
  method: "post",
  path: "/{annotationId}/reject",
  tags: [tags.annotations.name],
  summary: "Reject a draft",
  description: "It stays on record as rejected and never counts. 409 when it is no longer a draft.",
  request: { params },
  responses: { 200: json(annotationChangeSchema, "The rejected draft."), ...errorResponses(404, 409) },
});

export const annotationChangeRoutes = new OpenAPIHono<AppEnv>();
annotationChangeRoutes
  .openapi(documented(annotationChangeRoutes, updateRoute), async (c) => {
    const edit = await readRouteBody(c, updateRoute, "edit");
    return c.json(await updateAnnotation(c.get("db"), c.get("principal"), c.req.param("annotationId"), edit), 200);
  })
  .openapi(documented(annotationChangeRoutes, acceptRoute), async (c) => {
    const edit = await readRouteBody(c, acceptRoute, "edit");
    return c.json(await acceptDraft(c.get("db"), c.get("principal"), c.req.param("annotationId"), edit), 200);
  })
  .openapi(documented(annotationChangeRoutes, rejectRoute), async (c) =>
    c.json(await rejectDraft(c.get("db"), c.get("principal"), c.req.param("annotationId")), 200),
  );
