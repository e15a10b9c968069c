import { Hono } from "hono";
import { canonicalRequestSchema, canonicalToSpans } from "../ingest/canonical";
import { ingestDecoded } from "../ingest/ingest";
import { z } from "zod";
import { parseFilterSet } from "../filters/schema";
import { pageQuerySchema } from "../pagination";
import { getTrace, listSessions, listTraces } from "../traces/service";
import { readJson, readQuery, type AppEnv } from "./context";
import { rateLimitIngest } from "./rate-limit";

// `filter` is a FilterSet as JSON in the query string (see worker/filters).
const traceListQuerySchema = pageQuerySchema.extend({
  filter: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      try {
        return parseFilterSet(JSON.parse(text));
      } catch (error) {
        ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : "invalid filter" });
        return z.NEVER;
      }
    }),
});

export const traceRoutes = new Hono<AppEnv>()
  .post("/", rateLimitIngest, async (c) => {
    const { traces } = await readJson(c, canonicalRequestSchema, "traces");
    const spans = await Promise.all(traces.map(canonicalToSpans));
    const outcome = await ingestDecoded(c.get("db"), c.env, c.get("principal"), { spans, rejected: { count: 0, reasons: [] } });
    return c.json({ traceIds: outcome.traceIds }, 202);
  })
  .get("/", async (c) => c.json(await listTraces(c.get("db"), c.get("principal"), readQuery(c, traceListQuerySchema))))
  .get("/:traceId", async (c) => c.json(await getTrace(c.get("db"), c.get("principal"), c.req.param("traceId"))));

export const sessionRoutes = new Hono<AppEnv>().get("/", async (c) =>
  c.json(await listSessions(c.get("db"), c.get("principal"), readQuery(c, pageQuerySchema))),
);
