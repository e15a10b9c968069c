import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { Principal } from "../auth/principal";
import type { Database } from "../db/client";
import { traces } from "../db/schema";
import type { FilterSet } from "../filters/schema";
import { filterToSql } from "../filters/sql";
import { decodeCursor, toPage, type Page } from "../pagination";
import { requireRead } from "./service";

// The sessions dashboard: sessions with at least one trace the filter matches, their aggregates taken over the
// matching traces (without a filter: over all of them), most recently active first.

export interface SessionSummary {
  sessionId: string;
  traceCount: number;
  firstStartedAt: number;
  lastStartedAt: number;
  totalTokens: number;
  cost: number | null;
  errorCount: number;
  userIds: string[];
}

export async function listSessionsMatching(
  db: Database,
  principal: Principal,
  query: { cursor?: string; limit: number; filter?: FilterSet | null },
): Promise<Page<SessionSummary>> {
  requireRead(principal);
  const after = decodeCursor(query.cursor);
  const last = sql<number>`max(${traces.startedAt})`;
  const rows = await db
    .select({
      sessionId: sql<string>`${traces.sessionId}`,
      traceCount: sql<number>`count(*)`,
      firstStartedAt: sql<number>`min(${traces.startedAt})`,
      lastStartedAt: last,
      totalTokens: sql<number>`coalesce(sum(${traces.totalTokens}), 0)`,
      cost: sql<number | null>`sum(${traces.cost})`,
      errorCount: sql<number>`coalesce(sum(${traces.errorCount}), 0)`,
      // Distinct user ids as a JSON array; a session normally has one.
      userIds: sql<string>`json_group_array(DISTINCT ${traces.userId})`,
    })
    .from(traces)
    .where(and(...scope(principal, query.filter)))
    .groupBy(traces.sessionId)
    .having(after ? sql`${last} < ${after.at} OR (${last} = ${after.at} AND ${traces.sessionId} < ${after.id})` : undefined)
    .orderBy(desc(last), desc(traces.sessionId))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (row) => ({ at: row.lastStartedAt, id: row.sessionId }));
  return { ...page, items: page.items.map((row) => ({ ...row, userIds: parseUserIds(row.userIds) })) };
}

/** Every session the filter matches (for "add every match"), at most `max` of them. */
export async function matchingSessionIds(db: Database, principal: Principal, filter: FilterSet | null, max = 10_000): Promise<string[]> {
  requireRead(principal);
  const rows = await db
    .selectDistinct({ sessionId: sql<string>`${traces.sessionId}` })
    .from(traces)
    .where(and(...scope(principal, filter)))
    .limit(max);
  return rows.map((row) => row.sessionId);
}

function scope(principal: Principal, filter: FilterSet | null | undefined) {
  return [
    eq(traces.projectId, principal.projectId),
    isNotNull(traces.sessionId),
    filter ? filterToSql(filter, { projectId: principal.projectId, now: Date.now() }) : undefined,
  ];
}

function parseUserIds(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === "string") : [];
  } catch {
    return [];
  }
}
