import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { pageQuerySchema } from "../pagination";
import { addItems, changeItem, claimNext, itemNeighbors, listItems, removeItem, type ItemAction } from "../queues/items";
import { addItemsSchema, itemStatusFilterSchema } from "../queues/schemas";
import type { AppEnv } from "./context";
import { json, jsonBody, queueIdParam, traceIdParam } from "./openapi/common";
import { documented, readRouteBody, readRouteQuery } from "./openapi/define";
import { errorResponses } from "./openapi/errors";
import {
  addItemsResultSchema,
  claimResultSchema,
  itemStatusResultSchema,
  neighborsSchema,
  queueItemPageSchema,
  removeItemResultSchema,
} from "./openapi/queues";
import { tags } from "./openapi/tags";

const queueParams = z.object({ queueId: queueIdParam });
const itemParams = z.object({ queueId: queueIdParam, traceId: traceIdParam });

const listItemsRoute = createRoute({
  method: "get",
  path: "/{queueId}/items",
  tags: [tags.review.name],
  summary: "List a queue's items, newest first",
  request: { params: queueParams, query: pageQuerySchema.extend({ status: itemStatusFilterSchema }) },
  responses: { 200: json(queueItemPageSchema, "A page of items."), ...errorResponses(400, 404) },
});

const addItemsRoute = createRoute({
  method: "post",
  path: "/{queueId}/items",
  tags: [tags.review.name],
  summary: "Add items by trace ids, by sessions, or by a FilterSet",
  description:
    "Admins only. Exactly one of `traceIds`, `sessionIds` (each session's newest trace) or `filter` (every matching trace, not only a page). Adding a trace twice is a no-op.",
  request: { params: queueParams, body: jsonBody(addItemsSchema.openapi("AddItems")) },
  responses: { 200: json(addItemsResultSchema, "What was added."), ...errorResponses(400, 404, 413, 415) },
});

const neighborsRoute = createRoute({
  method: "get",
  path: "/{queueId}/items/{traceId}/neighbors",
  tags: [tags.review.name],
  summary: "An item's position and the items before and after it, for previous / next",
  request: { params: itemParams },
  responses: { 200: json(neighborsSchema, "Position and neighbors."), ...errorResponses(404) },
});

const removeItemRoute = createRoute({
  method: "delete",
  path: "/{queueId}/items/{traceId}",
  tags: [tags.review.name],
  summary: "Remove an item from a queue",
  request: { params: itemParams },
  responses: { 200: json(removeItemResultSchema, "Removed; the queue's progress after."), ...errorResponses(404) },
});

const claimRoute = createRoute({
  method: "post",
  path: "/{queueId}/claim",
  tags: [tags.review.name],
  summary: "Reserve the caller's next item",
  description: "The item stays reserved for the queue's lease; the same reviewer claiming again gets the same item back.",
  request: { params: queueParams },
  responses: { 200: json(claimResultSchema, "The reserved item, or null when nothing is left."), ...errorResponses(404) },
});

const actionSummaries: Record<ItemAction, string> = {
  complete: "Mark the caller's review of an item done",
  release: "Give back a reserved item without reviewing it",
  reopen: "Send a completed item back for review",
};

function itemActionRoute(action: ItemAction) {
  return createRoute({
    method: "post",
    path: `/{queueId}/items/{traceId}/${action}`,
    tags: [tags.review.name],
    summary: actionSummaries[action],
    request: { params: itemParams },
    responses: { 200: json(itemStatusResultSchema, "The item's status after."), ...errorResponses(404, 409) },
  });
}

export const queueItemRoutes = new OpenAPIHono<AppEnv>();
queueItemRoutes
  .openapi(documented(queueItemRoutes, listItemsRoute), async (c) =>
    c.json(await listItems(c.get("db"), c.get("principal"), c.req.param("queueId"), readRouteQuery(c, listItemsRoute)), 200),
  )
  .openapi(documented(queueItemRoutes, addItemsRoute), async (c) => {
    const input = await readRouteBody(c, addItemsRoute, "items");
    return c.json(await addItems(c.get("db"), c.env, c.get("principal"), c.req.param("queueId"), input), 200);
  })
  .openapi(documented(queueItemRoutes, neighborsRoute), async (c) => {
    const { queueId, traceId } = c.req.param();
    return c.json(await itemNeighbors(c.get("db"), c.env, c.get("principal"), queueId, traceId), 200);
  })
  .openapi(documented(queueItemRoutes, removeItemRoute), async (c) => {
    const { queueId, traceId } = c.req.param();
    return c.json(await removeItem(c.get("db"), c.env, c.get("principal"), queueId, traceId), 200);
  })
  .openapi(documented(queueItemRoutes, claimRoute), async (c) => {
    const item = await claimNext(c.get("db"), c.env, c.get("principal"), c.req.param("queueId"));
    return c.json({ item }, 200);
  });

for (const action of ["complete", "release", "reopen"] as const) {
  queueItemRoutes.openapi(documented(queueItemRoutes, itemActionRoute(action)), async (c) => {
    const { queueId, traceId } = c.req.param();
    const status = await changeItem(c.get("db"), c.env, c.get("principal"), queueId, traceId, action);
    return c.json({ traceId, status }, 200);
  });
}
