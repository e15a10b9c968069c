import { Hono } from "hono";
import { pageQuerySchema } from "../pagination";
import { addItems, changeItem, claimNext, itemNeighbors, listItems, queueProgress, removeItem, type ItemAction } from "../queues/items";
import { addItemsSchema, createQueueSchema, itemStatusFilterSchema, updateQueueSchema } from "../queues/schemas";
import { createQueue, deleteQueue, getQueue, listQueues, updateQueue } from "../queues/service";
import { readJson, readQuery, type AppEnv } from "./context";

const itemsQuerySchema = pageQuerySchema.extend({ status: itemStatusFilterSchema });
const itemActions: ItemAction[] = ["complete", "release", "reopen"];

export const queueRoutes = new Hono<AppEnv>()
  .get("/", async (c) => c.json(await listQueues(c.get("db"), c.get("principal"), readQuery(c, pageQuerySchema))))
  .post("/", async (c) => {
    const input = await readJson(c, createQueueSchema, "queue");
    return c.json(await createQueue(c.get("db"), c.env, c.get("principal"), input), 201);
  })
  .get("/:queueId", async (c) => c.json(await getQueue(c.get("db"), c.get("principal"), c.req.param("queueId"))))
  .patch("/:queueId", async (c) => {
    const patch = await readJson(c, updateQueueSchema, "queue");
    return c.json(await updateQueue(c.get("db"), c.env, c.get("principal"), c.req.param("queueId"), patch));
  })
  .delete("/:queueId", async (c) => {
    await deleteQueue(c.get("db"), c.get("principal"), c.req.param("queueId"));
    return c.body(null, 204);
  })
  .get("/:queueId/progress", async (c) =>
    c.json(await queueProgress(c.get("db"), c.env, c.get("principal"), c.req.param("queueId"))),
  )
  .get("/:queueId/items", async (c) =>
    c.json(await listItems(c.get("db"), c.get("principal"), c.req.param("queueId"), readQuery(c, itemsQuerySchema))),
  )
  .post("/:queueId/items", async (c) => {
    const input = await readJson(c, addItemsSchema, "items");
    return c.json(await addItems(c.get("db"), c.env, c.get("principal"), c.req.param("queueId"), input));
  })
  .get("/:queueId/items/:traceId/neighbors", async (c) => {
    const { queueId, traceId } = c.req.param();
    return c.json(await itemNeighbors(c.get("db"), c.env, c.get("principal"), queueId, traceId));
  })
  .delete("/:queueId/items/:traceId", async (c) =>
    c.json(await removeItem(c.get("db"), c.env, c.get("principal"), c.req.param("queueId"), c.req.param("traceId"))),
  )
  .post("/:queueId/claim", async (c) => {
    const item = await claimNext(c.get("db"), c.env, c.get("principal"), c.req.param("queueId"));
    return c.json({ item });
  })
  .post("/:queueId/items/:traceId/:action{complete|release|reopen}", async (c) => {
    const action = itemActions.find((a) => a === c.req.param("action")) ?? "complete";
    const { queueId, traceId } = c.req.param();
    const status = await changeItem(c.get("db"), c.env, c.get("principal"), queueId, traceId, action);
    return c.json({ traceId, status });
  });
