import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { pageQuerySchema } from "../pagination";
import { queueProgress } from "../queues/items";
import { createQueueSchema, updateQueueSchema } from "../queues/schemas";
import { createQueue, deleteQueue, getQueue, listQueues, updateQueue } from "../queues/service";
import type { AppEnv } from "./context";
import { json, jsonBody, queueIdParam } from "./openapi/common";
import { documented, readRouteBody, readRouteQuery } from "./openapi/define";
import { errorResponses } from "./openapi/errors";
import { progressSchema, queuePageSchema, queueSchema } from "./openapi/queues";
import { tags } from "./openapi/tags";

const params = z.object({ queueId: queueIdParam });
const filterNote = "`filter` is a FilterSet (see the FilterSet schema).";

const listQueuesRoute = createRoute({
  method: "get",
  path: "/",
  tags: [tags.queues.name],
  summary: "List queues, oldest first",
  request: { query: pageQuerySchema },
  responses: { 200: json(queuePageSchema, "A page of queues."), ...errorResponses(400) },
});

const createQueueRoute = createRoute({
  method: "post",
  path: "/",
  tags: [tags.queues.name],
  summary: "Create a queue",
  description: "Admins only. A live queue (`isLive`) takes `samplingPercent` of new traces that match `filter`.",
  request: { body: jsonBody(createQueueSchema.openapi("CreateQueue"), filterNote) },
  responses: { 201: json(queueSchema, "The new queue."), ...errorResponses(400, 413, 415) },
});

const getQueueRoute = createRoute({
  method: "get",
  path: "/{queueId}",
  tags: [tags.queues.name],
  summary: "Get a queue",
  request: { params },
  responses: { 200: json(queueSchema, "The queue."), ...errorResponses(404) },
});

const updateQueueRoute = createRoute({
  method: "patch",
  path: "/{queueId}",
  tags: [tags.queues.name],
  summary: "Change a queue",
  description: "Admins only. Send only the fields to change. A system queue's purpose (name, description, instructions, filter, isLive) is fixed.",
  request: { params, body: jsonBody(updateQueueSchema.openapi("UpdateQueue"), filterNote) },
  responses: { 200: json(queueSchema, "The changed queue."), ...errorResponses(400, 404, 413, 415) },
});

const deleteQueueRoute = createRoute({
  method: "delete",
  path: "/{queueId}",
  tags: [tags.queues.name],
  summary: "Delete a queue",
  description: "Admins only. Hides the queue; its items and annotations are kept.",
  request: { params },
  responses: { 204: { description: "Deleted." }, ...errorResponses(404) },
});

const progressRoute = createRoute({
  method: "get",
  path: "/{queueId}/progress",
  tags: [tags.queues.name],
  summary: "A queue's progress, from its authority (not the list's mirror)",
  request: { params },
  responses: { 200: json(progressSchema, "Progress, with live sampling counts for live queues."), ...errorResponses(404) },
});

export const queueRoutes = new OpenAPIHono<AppEnv>();
queueRoutes
  .openapi(documented(queueRoutes, listQueuesRoute), async (c) =>
    c.json(await listQueues(c.get("db"), c.get("principal"), readRouteQuery(c, listQueuesRoute)), 200),
  )
  .openapi(documented(queueRoutes, createQueueRoute), async (c) => {
    const input = await readRouteBody(c, createQueueRoute, "queue");
    return c.json(await createQueue(c.get("db"), c.env, c.get("principal"), input), 201);
  })
  .openapi(documented(queueRoutes, getQueueRoute), async (c) => c.json(await getQueue(c.get("db"), c.get("principal"), c.req.param("queueId")), 200))
  .openapi(documented(queueRoutes, updateQueueRoute), async (c) => {
    const patch = await readRouteBody(c, updateQueueRoute, "queue");
    return c.json(await updateQueue(c.get("db"), c.env, c.get("principal"), c.req.param("queueId"), patch), 200);
  })
  .openapi(documented(queueRoutes, deleteQueueRoute), async (c) => {
    await deleteQueue(c.get("db"), c.get("principal"), c.req.param("queueId"));
    return c.body(null, 204);
  })
  .openapi(documented(queueRoutes, progressRoute), async (c) =>
    c.json(await queueProgress(c.get("db"), c.env, c.get("principal"), c.req.param("queueId")), 200),
  );
