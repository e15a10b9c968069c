import { eq } from "drizzle-orm";
import { can, type Principal } from "../auth/principal";
import type { Database } from "../db/client";
import { projects } from "../db/schema";
import { ServiceError } from "../errors";
import { enqueueTraceEvents, quietSecondsFor, settleWindowSeconds } from "../pipeline/trace-events";
import type { DecodeResult } from "./otlp-json";
import { storeSpans } from "./store";

export interface IngestOutcome {
  acceptedSpans: number;
  traceIds: string[];
  rejected: DecodeResult["rejected"];
}

/** Stores decoded spans and schedules each touched trace to settle once its spans stop arriving. */
export async function ingestDecoded(db: Database, env: Env, principal: Principal, decoded: DecodeResult): Promise<IngestOutcome> {
  if (!can(principal, "ingest")) throw new ServiceError("forbidden", "this key cannot ingest traces");
  // The project's settle window is read alongside the write rather than after it: one round trip less.
  const [stored, project] = await Promise.all([
    storeSpans(db, principal.projectId, decoded.spans),
    db.query.projects.findFirst({ where: eq(projects.id, principal.projectId), columns: { settleSeconds: true } }),
  ]);
  if (stored.length > 0) {
    const window = settleWindowSeconds(env, project?.settleSeconds ?? null);
    await enqueueTraceEvents(
      env.TRACE_EVENTS,
      principal.projectId,
      stored.map((t) => ({ traceId: t.traceId, quietSeconds: quietSecondsFor(window, t.rootSeen) })),
    );
  }
  return { acceptedSpans: decoded.spans.length, traceIds: stored.map((t) => t.traceId), rejected: decoded.rejected };
}
