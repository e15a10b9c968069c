import { Hono } from "hono";
import { pageQuerySchema } from "../pagination";
import { getTrace, listTraces } from "../traces/service";
import { readQuery, type AppEnv } from "./context";

export const traceRoutes = new Hono<AppEnv>()
  .get("/", async (c) => c.json(await listTraces(c.get("db"), c.get("principal"), readQuery(c, pageQuerySchema))))
  .get("/:traceId", async (c) => c.json(await getTrace(c.get("db"), c.get("principal"), c.req.param("traceId"))));
