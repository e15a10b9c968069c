import { and, eq } from "drizzle-orm";
import { chunk, rowsPerStatement, type Database } from "../db/client";
import { messages, spans, traces } from "../db/schema";
import { buildConversation, summarizeTrace, usageByModel } from "../ingest/genai";
import { pricesForProject } from "../traces/prices";
import { estimateCost } from "../traces/pricing";
import type { IngestSpan } from "../traces/model";

/**
 * Derives the trace's summary and conversation from all of its stored spans. Safe to run any number of times
 * (queue delivery is at-least-once): it rewrites the same rows from the same spans.
 */
export async function settleTrace(db: Database, projectId: string, traceId: string, now = Date.now()): Promise<boolean> {
  const rows = await db.select().from(spans).where(and(eq(spans.projectId, projectId), eq(spans.traceId, traceId)));
  if (rows.length === 0) return false;
  const ingestSpans: IngestSpan[] = rows.map((row) => ({
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
  }));
  const summary = summarizeTrace(ingestSpans);
  // The exporter's own cost wins; otherwise price the tokens, per model, with the project's price table.
  const cost = summary.cost ?? estimateCost(usageByModel(ingestSpans), await pricesForProject(db, projectId));
  const conversation = buildConversation(ingestSpans).map((message, position) => ({
    projectId,
    traceId,
    position,
    role: message.role,
    parts: message.parts,
    spanId: message.spanId,
  }));
  const traceKey = and(eq(traces.projectId, projectId), eq(traces.id, traceId));
  await db.batch([
    db.update(traces).set({ ...summary, cost, updatedAt: now, settledAt: now }).where(traceKey),
    db.delete(messages).where(and(eq(messages.projectId, projectId), eq(messages.traceId, traceId))),
    ...chunk(conversation, rowsPerStatement(6)).map((part) => db.insert(messages).values(part)),
  ]);
  return true;
}
