import { sql } from "drizzle-orm";
import { chunk, rowsPerStatement, type Database } from "../db/client";
import { spans, traces } from "../db/schema";
import type { IngestSpan } from "../traces/model";
import { limitSpan } from "./limits";

type Statement = Parameters<Database["batch"]>[0][number];

export interface StoredTrace {
  traceId: string;
  /** Whether the trace's root span has arrived, in this request or an earlier one. */
  rootSeen: boolean;
}

/**
 * Writes spans idempotently on (project, trace, span) and opens or re-opens their traces for settling, in one
 * D1 batch (a transaction): a request is stored whole or not at all.
 */
export async function storeSpans(db: Database, projectId: string, batch: readonly IngestSpan[], now = Date.now()): Promise<StoredTrace[]> {
  const byTrace = Map.groupBy(batch, (span) => span.traceId);
  const traceWrites = [...byTrace].map(([traceId, traceSpans]) => openTrace(db, projectId, traceId, traceSpans, now));
  const spanRows = batch.map(limitSpan).map((span) => ({
    projectId,
    traceId: span.traceId,
    id: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    kind: span.kind,
    startedAt: Math.floor(span.startedAt),
    endedAt: Math.ceil(span.endedAt),
    statusCode: span.statusCode,
    statusMessage: span.statusMessage,
    attributes: span.attributes,
    events: span.events,
    resource: span.resource,
    receivedAt: now,
  }));
  const spanWrites: Statement[] = chunk(spanRows, rowsPerStatement(14)).map((rows) =>
    db.insert(spans).values(rows).onConflictDoNothing(),
  );
  const [first, ...rest] = [...traceWrites, ...spanWrites];
  if (!first) return [];
  const results = await db.batch([first, ...rest]);
  return results.slice(0, traceWrites.length).flatMap((rows) => rows as StoredTrace[]);
}

function openTrace(db: Database, projectId: string, traceId: string, traceSpans: IngestSpan[], now: number) {
  const startedAt = Math.floor(Math.min(...traceSpans.map((s) => s.startedAt)));
  const endedAt = Math.ceil(Math.max(...traceSpans.map((s) => s.endedAt)));
  const root = traceSpans.find((s) => s.parentSpanId === null);
  return db
    .insert(traces)
    .values({
      projectId,
      id: traceId,
      name: root?.name ?? "",
      startedAt,
      endedAt,
      durationMs: endedAt - startedAt,
      updatedAt: now,
      rootSeen: root !== undefined,
    })
    .onConflictDoUpdate({
      target: [traces.projectId, traces.id],
      set: {
        name: root ? root.name : sql`${traces.name}`,
        startedAt: sql`min(${traces.startedAt}, excluded.started_at)`,
        endedAt: sql`max(${traces.endedAt}, excluded.ended_at)`,
        rootSeen: sql`max(${traces.rootSeen}, excluded.root_seen)`,
        updatedAt: now,
        settledAt: null,
      },
    })
    .returning({ traceId: traces.id, rootSeen: traces.rootSeen });
}
