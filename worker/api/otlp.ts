import { Hono } from "hono";
import { can } from "../auth/principal";
import { projects } from "../db/schema";
import { eq } from "drizzle-orm";
import { ServiceError } from "../errors";
import { readLimitedBody } from "../ingest/body";
import { decodeOtlpJson, OtlpDecodeError } from "../ingest/otlp-json";
import { storeSpans } from "../ingest/store";
import { enqueueTraceEvents, settleSeconds } from "../pipeline/trace-events";
import type { AppEnv } from "./context";

/** OTLP/HTTP trace export (https://opentelemetry.io/docs/specs/otlp/#otlphttp). */
export const otlpRoutes = new Hono<AppEnv>().post("/", async (c) => {
  const principal = c.get("principal");
  if (!can(principal, "ingest")) throw new ServiceError("forbidden", "this key cannot ingest traces");
  const type = (c.req.header("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ServiceError("unsupported_media_type", `Content-Type must be application/json (got ${type || "none"})`);
  }
  const body = await readLimitedBody(c.req.raw);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch (error) {
    throw new ServiceError("bad_request", `the body is not valid UTF-8 JSON: ${(error as Error).message}`);
  }
  let decoded;
  try {
    decoded = decodeOtlpJson(json);
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw new ServiceError("bad_request", error.message);
    throw error;
  }
  const db = c.get("db");
  const { traceIds } = await storeSpans(db, principal.projectId, decoded.spans);
  const project = await db.query.projects.findFirst({ where: eq(projects.id, principal.projectId) });
  await enqueueTraceEvents(c.env.TRACE_EVENTS, principal.projectId, traceIds, settleSeconds(c.env, project?.settleSeconds ?? null));
  if (decoded.rejected.count === 0) return c.json({});
  return c.json({
    partialSuccess: { rejectedSpans: String(decoded.rejected.count), errorMessage: decoded.rejected.reasons.join("; ") },
  });
});
