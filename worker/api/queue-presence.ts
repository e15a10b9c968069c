import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { connectPresence } from "../queues/presence";
import type { AppEnv } from "./context";
import { queueIdParam } from "./openapi/common";
import { documented } from "./openapi/define";
import { errorResponses } from "./openapi/errors";
import { tags } from "./openapi/tags";

const presenceRoute = createRoute({
  method: "get",
  path: "/{queueId}/presence",
  tags: [tags.queues.name],
  summary: "Live presence and progress (WebSocket)",
  description:
    "Upgrade to a WebSocket. Send `{\"type\":\"viewing\",\"traceId\":<id or null>}` when the page shows another item; " +
    "receive `{\"type\":\"presence\",\"reviewers\":[{id,name,traceIds}],\"progress\":{...}}` whenever someone joins, " +
    "leaves, moves, or the queue's progress changes.",
  request: { params: z.object({ queueId: queueIdParam }) },
  responses: { 101: { description: "Switched to the WebSocket protocol." }, ...errorResponses(400, 404) },
});

export const queuePresenceRoutes = new OpenAPIHono<AppEnv>();
queuePresenceRoutes.openapi(documented(queuePresenceRoutes, presenceRoute), (c) =>
  connectPresence(c.get("db"), c.env, c.get("principal"), c.req.param("queueId"), c.req.raw),
);
