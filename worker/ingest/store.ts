import { sql } from "drizzle-orm";
import { chunk, rowsPerStatement, type Database } from "../db/client";
import { spans, traces } from "../db/schema";
import type { IngestSpan } from "../traces/model";
import { limitSpan } from "./limits";

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
  const traceWrites = openTraces(db, projectId, byTrace, now);
  const spanWrites = chunkBySize(batch.map(limitSpan), SPAN_JSON_BYTES).map((part) => insertSpans(db, projectId, part, now));
  const [first, ...rest] = [...traceWrites, ...spanWrites];
  if (!first) return [];
  const results = await db.batch([first, ...rest]);
  return results.slice(0, traceWrites.length).flatMap((rows) => rows as StoredTrace[]);
}

// One bound JSON parameter carries many spans (D1 allows 100 parameters per statement, but 2 MB per value).
const SPAN_JSON_BYTES = 1_000_000;

function chunkBySize(items: IngestSpan[], maxBytes: number): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const item of items) {
    const json = JSON.stringify(item);
    if (current.length > 0 && size + json.length > maxBytes) {
      chunks.push(`[${current.join(",")}]`);
      current = [];
      size = 0;
    }
    current.push(json);
    size += json.length + 1;
  }
  if (current.length > 0) chunks.push(`[${current.join(",")}]`);
  return chunks;
}

/** Inserts a JSON array of spans in one statement via json_each, skipping spans already stored. */
function insertSpans(db: Database, projectId: string, spansJson: string, now: number) {
  const field = (name: string) => sql`s.value ->> ${name}`;
  const rows = db
    .select({
      projectId: sql<string>`${projectId}`.as("project_id"),
      traceId: sql<string>`${field("traceId")}`.as("trace_id"),
      id: sql<string>`${field("spanId")}`.as("id"),
      parentSpanId: sql<string | null>`${field("parentSpanId")}`.as("parent_span_id"),
      name: sql<string>`${field("name")}`.as("name"),
      kind: sql<number>`${field("kind")}`.as("kind"),
      startedAt: sql<number>`CAST(floor(${field("startedAt")}) AS INTEGER)`.as("started_at"),
      endedAt: sql<number>`CAST(ceil(${field("endedAt")}) AS INTEGER)`.as("ended_at"),
      statusCode: sql<number>`${field("statusCode")}`.as("status_code"),
      statusMessage: sql<string | null>`${field("statusMessage")}`.as("status_message"),
      attributes: sql<string>`${field("attributes")}`.as("attributes"),
      events: sql<string>`${field("events")}`.as("events"),
      resource: sql<string>`${field("resource")}`.as("resource"),
      receivedAt: sql<number>`${now}`.as("received_at"),
    })
    .from(sql`json_each(${spansJson}) AS s`)
    // SQLite needs a WHERE before ON CONFLICT in INSERT … SELECT, or it reads the conflict clause as a join.
    .where(sql`true`);
  return db.insert(spans).select(rows).onConflictDoNothing();
}

/** Upserts the touched traces, several per statement: extends their time range and re-opens them for settling. */
function openTraces(db: Database, projectId: string, byTrace: Map<string, IngestSpan[]>, now: number) {
  const rows = [...byTrace].map(([traceId, traceSpans]) => {
    const startedAt = Math.floor(Math.min(...traceSpans.map((s) => s.startedAt)));
    const endedAt = Math.ceil(Math.max(...traceSpans.map((s) => s.endedAt)));
    const root = traceSpans.find((s) => s.parentSpanId === null);
    return { projectId, id: traceId, name: root?.name ?? "", startedAt, endedAt, durationMs: endedAt - startedAt, updatedAt: now, rootSeen: root !== undefined };
  });
  // drizzle binds every column with a default (18 per row) plus the update's own values.
  return chunk(rows, rowsPerStatement(20)).map((part) =>
    db
      .insert(traces)
      .values(part)
      .onConflictDoUpdate({
        target: [traces.projectId, traces.id],
        set: {
          // Only the root span names the trace.
          name: sql`CASE WHEN excluded.root_seen THEN excluded.name ELSE ${traces.name} END`,
          startedAt: sql`min(${traces.startedAt}, excluded.started_at)`,
          endedAt: sql`max(${traces.endedAt}, excluded.ended_at)`,
          rootSeen: sql`max(${traces.rootSeen}, excluded.root_seen)`,
          updatedAt: now,
          settledAt: null,
        },
      })
      .returning({ traceId: traces.id, rootSeen: traces.rootSeen }),
  );
}
