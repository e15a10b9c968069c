import { and, eq, gte, sql } from "drizzle-orm";
import type { Principal } from "../auth/principal";
import type { Database } from "../db/client";
import { traces } from "../db/schema";
import type { FilterSet } from "../filters/schema";
import { filterToSql } from "../filters/sql";
import { requireRead } from "./service";

/** "Recent" for the filter builder's live count: enough traffic to judge a filter, one index range to scan. */
export const RECENT_WINDOW_DAYS = 7;

export interface FilterCount {
  /** Traces started within the window that the filter matches (all of them without a filter). */
  matched: number;
  /** Traces started within the window. */
  total: number;
  since: number;
  windowDays: number;
}

/** How many recent traces a filter matches, for the live count beside the filter builder. */
export async function countRecentMatches(
  db: Database,
  principal: Principal,
  filter: FilterSet | null,
  options: { now?: number; windowDays?: number } = {},
): Promise<FilterCount> {
  requireRead(principal);
  const now = options.now ?? Date.now();
  const windowDays = options.windowDays ?? RECENT_WINDOW_DAYS;
  const since = now - windowDays * 86_400_000;
  const matches = filter ? filterToSql(filter, { projectId: principal.projectId, now }) : sql`1`;
  const [row] = await db
    .select({ total: sql<number>`count(*)`, matched: sql<number>`coalesce(sum(CASE WHEN ${matches} THEN 1 ELSE 0 END), 0)` })
    .from(traces)
    .where(and(eq(traces.projectId, principal.projectId), gte(traces.startedAt, since)));
  return { matched: Number(row?.matched ?? 0), total: Number(row?.total ?? 0), since, windowDays };
}
