import { Hono } from "hono";
import { canonicalRequestSchema, canonicalToSpans } from "../ingest/canonical";
import { ingestDecoded } from "../ingest/ingest";
import { pageQuerySchema } from "../pagination";
import { getTrace, listTraces } from "../traces/service";
import { readJson, readQuery, type AppEnv } from "./context";
import { rateLimitIngest } from "./rate-limit";

export const traceRoutes = new Hono<AppEnv>()
  .post("/", rateLimitIngest, async (c) => {
    const { traces } = await readJson(c, canonicalRequestSchema, "traces");
    const spans = await Promise.all(traces.map(canonicalToSpans));
    const outcome = await ingestDecoded(c.get("db"), c.env, c.get("principal"), { spans, rejected: { count: 0, reasons: [] } });
    return c.json({ traceIds: outcome.traceIds }, 202);
  })
  .get("/", async (c) => c.json(await listTraces(c.get("db"), c.get("principal"), readQuery(c, pageQuerySchema))))
  .get("/:traceId", async (c) => c.json(await getTrace(c.get("db"), c.get("principal"), c.req.param("traceId"))));
