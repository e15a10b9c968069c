import { eq } from "drizzle-orm";
import { can, type Principal } from "../auth/principal";
import type { Database } from "../db/client";
import { projects } from "../db/schema";
import { ServiceError } from "../errors";
import { IsolateCache } from "../isolate-cache";
import { enqueueTraceEvents, quietSecondsFor, settleWindowSeconds } from "../pipeline/trace-events";
import type { DecodeResult } from "./otlp-json";
import { storeSpans } from "./store";

// A project's settle window changes rarely and a minute's delay in honouring a change is harmless.
const settleWindows = new IsolateCache<number | null>(60_000);

export interface IngestOutcome {
  acceptedSpans: number;
  traceIds: string[];
  rejected: DecodeResult["rejected"];
}

/** Stores decoded spans and schedules each touched trace to settle once its spans stop arriving. */
export async function ingestDecoded(db: Database, env: Env, principal: Principal, decoded: DecodeResult): Promise<IngestOutcome> {
  if (!can(principal, "ingest")) throw new ServiceError("forbidden", "this key cannot ingest traces");
  const [stored, projectSetting] = await Promise.all([
    storeSpans(db, principal.projectId, decoded.spans),
    settleWindows.get(principal.projectId, async () => {
      const project = await db.query.projects.findFirst({ where: eq(projects.id, principal.projectId), columns: { settleSeconds: true } });
      return project?.settleSeconds ?? null;
    }),
  ]);
  if (stored.length > 0) {
    const window = settleWindowSeconds(env, projectSetting);
    await enqueueTraceEvents(
      env.TRACE_EVENTS,
      principal.projectId,
      stored.map((t) => ({ traceId: t.traceId, quietSeconds: quietSecondsFor(window, t.rootSeen) })),
    );
  }
  return { acceptedSpans: decoded.spans.length, traceIds: stored.map((t) => t.traceId), rejected: decoded.rejected };
}
