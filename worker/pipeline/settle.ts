import { and, eq, inArray } from "drizzle-orm";
import { chunk, rowsPerStatement, type Database } from "../db/client";
import { messages, spans, traces } from "../db/schema";
import { buildConversation, summarizeTrace, usageByModel } from "../ingest/genai";
import type { ClassifierTrace } from "../classifiers/types";
import type { IngestSpan } from "../traces/model";
import { pricesForProject } from "../traces/prices";
import { estimateCost, type ModelPrice } from "../traces/pricing";

type Statement = Parameters<Database["batch"]>[0][number];
export interface TraceKey {
  projectId: string;
  traceId: string;
}

/** A trace as just settled: what the classifiers read, without a second trip to D1. */
export interface SettledTrace extends TraceKey, ClassifierTrace {}

// Traces per span query: the IN list plus the project id stay under D1's 100 bound parameters.
const TRACES_PER_QUERY = 50;

/**
 * Derives each trace's summary and conversation from all of its stored spans. Safe to run any number of times
 * (queue delivery is at-least-once): it rewrites the same rows from the same spans. Reads and writes are batched
 * per project, so a queue batch of 100 traces costs a handful of D1 round trips, not hundreds.
 */
export async function settleTraces(db: Database, keys: readonly TraceKey[], now = Date.now()): Promise<SettledTrace[]> {
  const settled: SettledTrace[] = [];
  for (const [projectId, group] of Map.groupBy(keys, (k) => k.projectId)) {
    const prices = await pricesForProject(db, projectId);
    for (const traceIds of chunk([...new Set(group.map((k) => k.traceId))], TRACES_PER_QUERY)) {
      const rows = await db.select().from(spans).where(and(eq(spans.projectId, projectId), inArray(spans.traceId, traceIds)));
      const statements = [...Map.groupBy(rows, (r) => r.traceId)].flatMap(([traceId, traceRows]) => {
        const trace = settleTrace(projectId, traceId, traceRows.map(toIngestSpan), prices);
        settled.push(trace);
        return settleStatements(db, trace, now);
      });
      const [first, ...rest] = statements;
      if (first) await db.batch([first, ...rest]);
    }
  }
  return settled;
}

function settleTrace(projectId: string, traceId: string, traceSpans: IngestSpan[], prices: Record<string, ModelPrice>): SettledTrace {
  const conversation = buildConversation(traceSpans);
  const summary = summarizeTrace(traceSpans, conversation);
  // The exporter's own cost wins; otherwise price the tokens, per model, with the project's price table.
  const cost = summary.cost ?? estimateCost(usageByModel(traceSpans), prices);
  return { projectId, traceId, summary: { ...summary, cost }, conversation, spans: traceSpans };
}

function settleStatements(db: Database, { projectId, traceId, summary, conversation: built }: SettledTrace, now: number): Statement[] {
  const conversation = built.map((message, position) => ({
    projectId,
    traceId,
    position,
    role: message.role,
    parts: message.parts,
    spanId: message.spanId,
  }));
  return [
    db.update(traces).set({ ...summary, updatedAt: now, settledAt: now }).where(and(eq(traces.projectId, projectId), eq(traces.id, traceId))),
    db.delete(messages).where(and(eq(messages.projectId, projectId), eq(messages.traceId, traceId))),
    ...chunk(conversation, rowsPerStatement(6)).map((part) => db.insert(messages).values(part)),
  ];
}

function toIngestSpan(row: typeof spans.$inferSelect): IngestSpan {
  return {
    traceId: row.traceId,
    spanId: row.id,
    parentSpanId: row.parentSpanId,
    name: row.name,
    kind: row.kind,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    statusCode: row.statusCode,
    statusMessage: row.statusMessage,
    attributes: row.attributes,
    events: row.events as IngestSpan["events"],
    resource: row.resource,
  };
}
