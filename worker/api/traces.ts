import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { parseFilterSet } from "../filters/schema";
import { canonicalRequestSchema, canonicalToSpans } from "../ingest/canonical";
import { ingestDecoded } from "../ingest/ingest";
import { pageQuerySchema } from "../pagination";
import { getTrace, listTraces } from "../traces/service";
import { listSessionsMatching } from "../traces/sessions";
import type { AppEnv } from "./context";
import { json, jsonBody, traceIdParam } from "./openapi/common";
import { documented, readRouteBody, readRouteQuery } from "./openapi/define";
import { errorResponses } from "./openapi/errors";
import { tags } from "./openapi/tags";
import { ingestAcceptedSchema, sessionPageSchema, traceDetailSchema, tracePageSchema } from "./openapi/traces";
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
    })
    .openapi({ description: "A FilterSet (see the FilterSet schema) as JSON.", example: '{"all":[{"field":"model","op":"equals","value":"gpt-4o"}]}' }),
});

const ingestCanonical = createRoute({
  method: "post",
  path: "/",
  tags: [tags.ingest.name],
  summary: "Ingest traces in the canonical JSON format",
  description: "Each trace becomes one root span and takes the same path as OTLP traces. Posting a trace with the same `id` again replaces it.",
  middleware: [rateLimitIngest],
  request: { body: jsonBody(canonicalRequestSchema.openapi("CanonicalTraces")) },
  responses: { 202: json(ingestAcceptedSchema, "Accepted; summaries settle shortly after."), ...errorResponses(400, 413, 415, 429) },
});

const listTraceRoute = createRoute({
  method: "get",
  path: "/",
  tags: [tags.traces.name],
  summary: "List traces, newest first",
  request: { query: traceListQuerySchema },
  responses: { 200: json(tracePageSchema, "A page of traces."), ...errorResponses(400) },
});

const getTraceRoute = createRoute({
  method: "get",
  path: "/{traceId}",
  tags: [tags.traces.name],
  summary: "Get a trace: summary, spans and conversation",
  request: { params: z.object({ traceId: traceIdParam }) },
  responses: { 200: json(traceDetailSchema, "The trace."), ...errorResponses(404) },
});

export const traceRoutes = new OpenAPIHono<AppEnv>();
traceRoutes
  .openapi(documented(traceRoutes, ingestCanonical), async (c) => {
    const { traces } = await readRouteBody(c, ingestCanonical, "traces");
    const spans = await Promise.all(traces.map(canonicalToSpans));
    const outcome = await ingestDecoded(c.get("db"), c.env, c.get("principal"), { spans, rejected: { count: 0, reasons: [] } });
    return c.json({ traceIds: outcome.traceIds }, 202);
  })
  .openapi(documented(traceRoutes, listTraceRoute), async (c) =>
    c.json(await listTraces(c.get("db"), c.get("principal"), readRouteQuery(c, listTraceRoute)), 200),
  )
  .openapi(documented(traceRoutes, getTraceRoute), async (c) => c.json(await getTrace(c.get("db"), c.get("principal"), c.req.param("traceId")), 200));

const listSessionsRoute = createRoute({
  method: "get",
  path: "/",
  tags: [tags.traces.name],
  summary: "List sessions (traces sharing a session id), most recently active first",
  description: "With `filter`, only sessions with a matching trace, their totals taken over the matching traces.",
  request: { query: traceListQuerySchema },
  responses: { 200: json(sessionPageSchema, "A page of sessions."), ...errorResponses(400) },
});

export const sessionRoutes = new OpenAPIHono<AppEnv>();
sessionRoutes.openapi(documented(sessionRoutes, listSessionsRoute), async (c) =>
  c.json(await listSessionsMatching(c.get("db"), c.get("principal"), readRouteQuery(c, listSessionsRoute)), 200),
);
