import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { can, type Principal } from "../auth/principal";
import type { Database } from "../db/client";
import { messages, spans, traces } from "../db/schema";
import { ServiceError } from "../errors";
import { decodeCursor, keysetAfter, toPage, type Page } from "../pagination";
import { filterToSql } from "../filters/sql";
import type { FilterSet } from "../filters/schema";
import type { Message } from "./model";

export type TraceRow = typeof traces.$inferSelect;

export function requireRead(principal: Principal): void {
  if (!can(principal, "read")) throw new ServiceError("forbidden", "this key may only ingest traces");
}

export async function listTraces(
  db: Database,
  principal: Principal,
  query: { cursor?: string; limit: number; filter?: FilterSet },
): Promise<Page<TraceRow>> {
  requireRead(principal);
  const rows = await db
    .select()
    .from(traces)
    .where(
      and(
        eq(traces.projectId, principal.projectId),
        query.filter ? filterToSql(query.filter, { projectId: principal.projectId, now: Date.now() }) : undefined,
        keysetAfter(decodeCursor(query.cursor), traces.startedAt, traces.id, "desc"),
      ),
    )
    .orderBy(desc(traces.startedAt), desc(traces.id))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, (row) => ({ at: row.startedAt, id: row.id }));
}

export async function getTrace(db: Database, principal: Principal, traceId: string) {
  requireRead(principal);
  const key = and(eq(traces.projectId, principal.projectId), eq(traces.id, traceId));
  const [summary] = await db.select().from(traces).where(key);
  // Another project's trace answers exactly like a missing one: existence is not leaked.
  if (!summary) throw new ServiceError("not_found", `trace ${traceId} not found`);
  const [spanRows, messageRows] = await Promise.all([
    db.select().from(spans).where(and(eq(spans.projectId, principal.projectId), eq(spans.traceId, traceId))).orderBy(asc(spans.startedAt)),
    db.select().from(messages).where(and(eq(messages.projectId, principal.projectId), eq(messages.traceId, traceId))).orderBy(asc(messages.position)),
  ]);
  const conversation = messageRows.map(({ role, parts, spanId }) => ({ role, parts, spanId }) as Message);
  return { summary, spans: spanRows, conversation };
}

/** The subset of traceIds that exist in the caller's project. */
export async function existingTraceIds(db: Database, projectId: string, traceIds: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < traceIds.length; i += 90) {
    const ids = traceIds.slice(i, i + 90);
    const rows = await db
      .select({ id: traces.id })
      .from(traces)
      .where(and(eq(traces.projectId, projectId), inArray(traces.id, ids)));
    for (const row of rows) found.add(row.id);
  }
  return found;
}

