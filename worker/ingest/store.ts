import { sql } from "drizzle-orm";
import { chunk, rowsPerStatement, type Database } from "../db/client";
import { spans, traces } from "../db/schema";
import type { IngestSpan } from "../traces/model";

type Statement = Parameters<Database["batch"]>[0][number];

/**
 * Writes spans idempotently on (project, trace, span) and opens or re-opens their traces for settling, in one
 * D1 batch (a transaction): a request is stored whole or not at all.
 */
export async function storeSpans(db: Database, projectId: string, batch: readonly IngestSpan[], now = Date.now()) {
  const byTrace = Map.groupBy(batch, (span) => span.traceId);
  const statements: Statement[] = [];
  for (const [traceId, traceSpans] of byTrace) statements.push(openTrace(db, projectId, traceId, traceSpans, now));

  const spanRows = batch.map((span) => ({
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
  for (const rows of chunk(spanRows, rowsPerStatement(14))) {
    statements.push(db.insert(spans).values(rows).onConflictDoNothing());
  }
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
  return { traceIds: [...byTrace.keys()] };
}

function openTrace(db: Database, projectId: string, traceId: string, traceSpans: IngestSpan[], now: number) {
  const startedAt = Math.floor(Math.min(...traceSpans.map((s) => s.startedAt)));
  const endedAt = Math.ceil(Math.max(...traceSpans.map((s) => s.endedAt)));
  const root = traceSpans.find((s) => s.parentSpanId === null);
  return db
    .insert(traces)
    .values({ projectId, id: traceId, name: root?.name ?? "", startedAt, endedAt, durationMs: endedAt - startedAt, updatedAt: now })
    .onConflictDoUpdate({
      target: [traces.projectId, traces.id],
      set: {
        name: root ? root.name : sql`${traces.name}`,
        startedAt: sql`min(${traces.startedAt}, excluded.started_at)`,
        endedAt: sql`max(${traces.endedAt}, excluded.ended_at)`,
        updatedAt: now,
        settledAt: null,
      },
    });
}
