import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import { newId } from "../auth/crypto";
import { can, reviewerId, type Principal } from "../auth/principal";
import { chunk, type Database } from "../db/client";
import { annotationQueues, members, queueAssignees, queueItems, traces, users } from "../db/schema";
import { ServiceError, unwrap } from "../errors";
import { decodeCursor, keysetAfter, toPage, type Page } from "../pagination";
import { existingTraceIds, requireRead } from "../traces/service";
import { percentOf } from "./progress";
import type { CreateQueueInput } from "./schemas";

export type QueueRow = typeof annotationQueues.$inferSelect;
export interface QueueView extends QueueRow {
  assignees: { id: string; name: string }[];
  percent: number;
}

function queueStub(env: Env, queueId: string) {
  return env.ANNOTATION_QUEUE.get(env.ANNOTATION_QUEUE.idFromName(queueId));
}

function requireConfigure(principal: Principal): void {
  if (!can(principal, "configure")) throw new ServiceError("forbidden", "only admins can configure queues");
}

export async function createQueue(db: Database, env: Env, principal: Principal, input: CreateQueueInput): Promise<QueueView> {
  requireConfigure(principal);
  await requireMembers(db, principal.projectId, input.assigneeIds);
  const id = newId("q");
  const now = Date.now();
  const { assigneeIds, ...fields } = input;
  // Configure the Durable Object first: a queue row never exists without its authority.
  await queueStub(env, id).configure({
    queueId: id,
    projectId: principal.projectId,
    reviewersPerItem: fields.reviewersPerItem,
    leaseMs: fields.leaseSeconds * 1000,
  });
  await db.batch([
    db.insert(annotationQueues).values({
      id,
      projectId: principal.projectId,
      ...fields,
      createdBy: principal.kind === "user" ? principal.userId : null,
      updatedAt: now,
    }),
    ...assigneeIds.map((userId) => db.insert(queueAssignees).values({ queueId: id, userId })),
  ]);
  return getQueue(db, principal, id);
}

export async function listQueues(db: Database, principal: Principal, query: { cursor?: string; limit: number }): Promise<Page<QueueView>> {
  requireRead(principal);
  const rows = await db
    .select()
    .from(annotationQueues)
    .where(
      and(
        eq(annotationQueues.projectId, principal.projectId),
        isNull(annotationQueues.deletedAt),
        keysetAfter(decodeCursor(query.cursor), annotationQueues.createdAt, annotationQueues.id, "asc"),
      ),
    )
    .orderBy(asc(annotationQueues.createdAt), asc(annotationQueues.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }));
  const assignees = await assigneesOf(db, page.items.map((q) => q.id));
  return { ...page, items: page.items.map((row) => view(row, assignees.get(row.id) ?? [])) };
}

export async function getQueue(db: Database, principal: Principal, queueId: string): Promise<QueueView> {
  requireRead(principal);
  const [row] = await db
    .select()
    .from(annotationQueues)
    .where(and(eq(annotationQueues.id, queueId), eq(annotationQueues.projectId, principal.projectId), isNull(annotationQueues.deletedAt)));
  if (!row) throw new ServiceError("not_found", `queue ${queueId} not found`);
  const assignees = await assigneesOf(db, [row.id]);
  return view(row, assignees.get(row.id) ?? []);
}

export async function addItems(db: Database, env: Env, principal: Principal, queueId: string, traceIds: string[]) {
  requireConfigure(principal);
  await getQueue(db, principal, queueId);
  const unique = [...new Set(traceIds)];
  const found = await existingTraceIds(db, principal.projectId, unique);
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new ServiceError("not_found", `${missing.length} trace(s) not found in this project`, { missing: missing.slice(0, 20) });
  }
  return queueStub(env, queueId).add(unique);
}

export async function removeItem(db: Database, env: Env, principal: Principal, queueId: string, traceId: string) {
  requireConfigure(principal);
  await getQueue(db, principal, queueId);
  const result = await queueStub(env, queueId).remove(traceId);
  if (!result.removed) throw new ServiceError("not_found", `trace ${traceId} is not in this queue`);
  return result;
}

/** Reserves the caller's next item. Assignees, when a queue has any, are the only reviewers besides admins. */
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
  await getQueue(db, principal, queueId);
  return queueStub(env, queueId).progress();
}

export async function itemPosition(db: Database, env: Env, principal: Principal, queueId: string, traceId: string) {
  await getQueue(db, principal, queueId);
  return unwrap(await queueStub(env, queueId).position(traceId));
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
  if (unique.length === 0) return new Map();
  const names = new Map<string, string>();
  for (const ids of chunk(unique, 90)) {
    for (const row of await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))) {
      names.set(row.id, row.name);
    }
  }
  return names;
}

async function requireReviewer(db: Database, principal: Principal, queueId: string): Promise<QueueView> {
  if (!can(principal, "review")) throw new ServiceError("forbidden", "this key cannot review");
  const queue = await getQueue(db, principal, queueId);
  const restricted = queue.assignees.length > 0 && !can(principal, "configure");
  if (restricted && !queue.assignees.some((a) => principal.kind === "user" && a.id === principal.userId)) {
    throw new ServiceError("forbidden", "you are not assigned to this queue");
  }
  return queue;
}

async function requireMembers(db: Database, projectId: string, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  const rows = await db
    .select({ userId: members.userId })
    .from(members)
    .where(and(eq(members.projectId, projectId), inArray(members.userId, userIds)));
  const known = new Set(rows.map((r) => r.userId));
  const unknown = userIds.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new ServiceError("bad_request", "assignees must be members of this project", { unknown });
}

async function assigneesOf(db: Database, queueIds: string[]) {
  const byQueue = new Map<string, { id: string; name: string }[]>();
  if (queueIds.length === 0) return byQueue;
  const rows = await db
    .select({ queueId: queueAssignees.queueId, id: users.id, name: users.name })
    .from(queueAssignees)
    .innerJoin(users, eq(users.id, queueAssignees.userId))
    .where(inArray(queueAssignees.queueId, queueIds));
  for (const { queueId, ...user } of rows) byQueue.set(queueId, [...(byQueue.get(queueId) ?? []), user]);
  return byQueue;
}

function view(row: QueueRow, assignees: { id: string; name: string }[]): QueueView {
  return { ...row, assignees, percent: percentOf(row.completedItems, row.totalItems) };
}
