import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { can, reviewerId, type Principal } from "../auth/principal";
import { chunk, type Database } from "../db/client";
import { queueItems, traces, users } from "../db/schema";
import { ServiceError, unwrap } from "../errors";
import { filterToSql } from "../filters/sql";
import type { FilterSet } from "../filters/schema";
import { decodeCursor, keysetAfter, toPage, type Page } from "../pagination";
import { existingTraceIds } from "../traces/service";
import type { AddItemsInput } from "./schemas";
import { getQueue, getQueueRecent, queueStub, requireConfigure, type QueueView } from "./service";

// A queue's items: adding them (manually), reviewing them (claim, complete, release, reopen), and reading them.

// Traces per page when adding every trace a filter matches, and per add call to the Durable Object.
const ADD_PAGE = 1000;

export interface AddItemsResult {
  /** How many traces the request named or matched. */
  requested: number;
  /** How many of them were new to the queue. */
  added: number;
  total: number;
}

export async function addItems(db: Database, env: Env, principal: Principal, queueId: string, input: AddItemsInput): Promise<AddItemsResult> {
  requireConfigure(principal);
  await getQueue(db, principal, queueId);
  const stub = queueStub(env, queueId);
  const ids =
    "traceIds" in input
      ? await requireTraces(db, principal.projectId, input.traceIds)
      : "sessionIds" in input
        ? await newestTracePerSession(db, principal.projectId, input.sessionIds)
        : null;
  if (ids) {
    const { added, progress } = await stub.add(ids);
    return { requested: ids.length, added, total: progress.total };
  }
  return addMatching(db, stub, principal.projectId, (input as { filter: FilterSet }).filter);
}

async function requireTraces(db: Database, projectId: string, traceIds: string[]): Promise<string[]> {
  const unique = [...new Set(traceIds)];
  const found = await existingTraceIds(db, projectId, unique);
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new ServiceError("not_found", `${missing.length} trace(s) not found in this project`, { missing: missing.slice(0, 20) });
  }
  return unique;
}

/** A session stands for its newest trace, which carries the whole conversation so far. */
async function newestTracePerSession(db: Database, projectId: string, sessionIds: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const part of chunk([...new Set(sessionIds)], 90)) {
    const rows = await db
      .select({ id: traces.id })
      .from(traces)
      .where(
        and(
          eq(traces.projectId, projectId),
          inArray(traces.sessionId, part),
          sql`${traces.startedAt} = (SELECT max(t2.started_at) FROM traces t2 WHERE t2.project_id = ${traces.projectId} AND t2.session_id = ${traces.sessionId})`,
        ),
      );
    ids.push(...rows.map((r) => r.id));
  }
  if (ids.length === 0) throw new ServiceError("not_found", "none of these sessions has a trace in this project");
  return ids;
}

/** Every matching trace, not only a visible page: walked in pages so any number fits. */
async function addMatching(db: Database, stub: ReturnType<typeof queueStub>, projectId: string, filter: FilterSet): Promise<AddItemsResult> {
  const now = Date.now();
  let after: { at: number; id: string } | null = null;
  const result: AddItemsResult = { requested: 0, added: 0, total: 0 };
  for (;;) {
    const rows: { id: string; startedAt: number }[] = await db
      .select({ id: traces.id, startedAt: traces.startedAt })
      .from(traces)
      .where(and(eq(traces.projectId, projectId), filterToSql(filter, { projectId, now }), keysetAfter(after, traces.startedAt, traces.id, "desc")))
      .orderBy(desc(traces.startedAt), desc(traces.id))
      .limit(ADD_PAGE);
    if (rows.length === 0) break;
    const { added, progress } = await stub.add(rows.map((r) => r.id));
    result.requested += rows.length;
    result.added += added;
    result.total = progress.total;
    const last = rows[rows.length - 1];
    if (!last) break;
    after = { at: last.startedAt, id: last.id };
    if (rows.length < ADD_PAGE) break;
  }
  return result;
}

export async function removeItem(db: Database, env: Env, principal: Principal, queueId: string, traceId: string) {
  requireConfigure(principal);
  await getQueue(db, principal, queueId);
  const result = await queueStub(env, queueId).remove(traceId);
  if (!result.removed) throw new ServiceError("not_found", `trace ${traceId} is not in this queue`);
  return result;
}

/** Reserves the caller's next item. A queue with assignees lets only them (and admins) review. */
export async function claimNext(db: Database, env: Env, principal: Principal, queueId: string) {
  const queue = await requireReviewer(db, principal, queueId);
  return unwrap(await queueStub(env, queue.id).claim(reviewerId(principal)));
}

export type ItemAction = "complete" | "release" | "reopen";

export async function changeItem(db: Database, env: Env, principal: Principal, queueId: string, traceId: string, action: ItemAction) {
  const queue = await requireReviewer(db, principal, queueId);
  const stub = queueStub(env, queue.id);
  if (action === "reopen") return unwrap(await stub.reopen(traceId));
  if (action === "release") return unwrap(await stub.release(traceId, reviewerId(principal)));
  return unwrap(await stub.complete(traceId, reviewerId(principal)));
}

export async function queueProgress(db: Database, env: Env, principal: Principal, queueId: string) {
  const queue = await getQueue(db, principal, queueId);
  const stub = queueStub(env, queueId);
  const [progress, live] = await Promise.all([stub.progress(), queue.isLive ? stub.liveStats() : null]);
  return { ...progress, live };
}

/** "12 of 340", and the items before and after, for previous / next. */
export async function itemNeighbors(db: Database, env: Env, principal: Principal, queueId: string, traceId: string) {
  await getQueue(db, principal, queueId);
  return unwrap(await queueStub(env, queueId).neighbors(traceId));
}

export interface QueueItemView {
  traceId: string;
  traceName: string;
  status: string;
  /** Reviewers' names. */
  reviewedBy: string[];
  addedAt: number;
  traceStartedAt: number | null;
}

/** Items from the D1 mirror, newest first, for the queue page. */
export async function listItems(
  db: Database,
  principal: Principal,
  queueId: string,
  query: { cursor?: string; limit: number; status?: "pending" | "reserved" | "completed" },
): Promise<Page<QueueItemView>> {
  await getQueue(db, principal, queueId);
  const rows = await db
    .select({
      traceId: queueItems.traceId,
      traceName: traces.name,
      status: queueItems.status,
      reviewedBy: queueItems.reviewedBy,
      addedAt: queueItems.addedAt,
      traceStartedAt: traces.startedAt,
    })
    .from(queueItems)
    .leftJoin(traces, and(eq(traces.projectId, queueItems.projectId), eq(traces.id, queueItems.traceId)))
    .where(
      and(
        eq(queueItems.queueId, queueId),
        query.status ? eq(queueItems.status, query.status) : undefined,
        keysetAfter(decodeCursor(query.cursor), queueItems.addedAt, queueItems.traceId, "desc"),
      ),
    )
    .orderBy(desc(queueItems.addedAt), desc(queueItems.traceId))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (row) => ({ at: row.addedAt, id: row.traceId }));
  const names = await userNames(db, page.items.flatMap((row) => row.reviewedBy));
  return {
    ...page,
    items: page.items.map((row) => ({
      ...row,
      traceName: row.traceName ?? "",
      reviewedBy: row.reviewedBy.map((id) => names.get(id) ?? "API key"),
    })),
  };
}

async function userNames(db: Database, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].filter((id) => !id.startsWith("key:"));
  const names = new Map<string, string>();
  for (const part of chunk(unique, 90)) {
    for (const row of await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, part))) {
      names.set(row.id, row.name);
    }
  }
  return names;
}

async function requireReviewer(db: Database, principal: Principal, queueId: string): Promise<QueueView> {
  if (!can(principal, "review")) throw new ServiceError("forbidden", "this key cannot review");
  const queue = await getQueueRecent(db, principal, queueId);
  const restricted = queue.assignees.length > 0 && !can(principal, "configure");
  if (restricted && !queue.assignees.some((a) => principal.kind === "user" && a.id === principal.userId)) {
    throw new ServiceError("forbidden", "you are not assigned to this queue");
  }
  return queue;
}
