import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { newId } from "../auth/crypto";
import { can, type Principal } from "../auth/principal";
import type { Database } from "../db/client";
import { annotationQueues, members, queueAssignees, users } from "../db/schema";
import { ServiceError } from "../errors";
import { IsolateCache } from "../isolate-cache";
import { decodeCursor, keysetAfter, toPage, type Page } from "../pagination";
import { requireRead } from "../traces/service";
import { percentOf } from "./progress";
import type { CreateQueueInput, UpdateQueueInput } from "./schemas";

// Queue definitions: what a queue is and who reviews it. Its items live in its Durable Object (see items.ts).

export type QueueRow = typeof annotationQueues.$inferSelect;
export interface QueueView extends QueueRow {
  assignees: { id: string; name: string }[];
  percent: number;
}

export function queueStub(env: Env, queueId: string) {
  return env.ANNOTATION_QUEUE.get(env.ANNOTATION_QUEUE.idFromName(queueId));
}

export function requireConfigure(principal: Principal): void {
  if (!can(principal, "configure")) throw new ServiceError("forbidden", "only admins can configure queues");
}

export function configureStub(env: Env, queue: Pick<QueueRow, "id" | "projectId" | "reviewersPerItem" | "leaseSeconds" | "samplingPercent">) {
  return queueStub(env, queue.id).configure({
    queueId: queue.id,
    projectId: queue.projectId,
    reviewersPerItem: queue.reviewersPerItem,
    leaseMs: queue.leaseSeconds * 1000,
    samplingPercent: queue.samplingPercent,
  });
}

export async function createQueue(db: Database, env: Env, principal: Principal, input: CreateQueueInput): Promise<QueueView> {
  requireConfigure(principal);
  await requireMembers(db, principal.projectId, input.assigneeIds);
  const id = newId("q");
  const { assigneeIds, ...fields } = input;
  // Configure the Durable Object first: a queue row never exists without its authority.
  await configureStub(env, { id, projectId: principal.projectId, ...fields });
  await db.batch([
    db.insert(annotationQueues).values({
      id,
      projectId: principal.projectId,
      ...fields,
      createdBy: principal.kind === "user" ? principal.userId : null,
      updatedAt: Date.now(),
    }),
    ...assigneeIds.map((userId) => db.insert(queueAssignees).values({ queueId: id, userId })),
  ]);
  return getQueue(db, principal, id);
}

// A system queue's purpose is fixed by its classifier; admins tune how it is staffed and sampled, or switch it off.
const SYSTEM_FIXED = ["name", "description", "instructions", "filter"] as const;

export async function updateQueue(db: Database, env: Env, principal: Principal, queueId: string, patch: UpdateQueueInput): Promise<QueueView> {
  requireConfigure(principal);
  const queue = await getQueue(db, principal, queueId);
  const fixed = queue.systemKey ? SYSTEM_FIXED.filter((field) => patch[field] !== undefined) : [];
  if (fixed.length > 0) throw new ServiceError("bad_request", `a system queue's ${fixed.join(", ")} cannot be changed`);
  const { assigneeIds, ...fields } = patch;
  if (assigneeIds) await requireMembers(db, principal.projectId, assigneeIds);
  const next = { ...queue, ...fields };
  await configureStub(env, next);
  await db.batch([
    db.update(annotationQueues).set({ ...fields, updatedAt: Date.now() }).where(eq(annotationQueues.id, queueId)),
    ...(assigneeIds
      ? [
          db.delete(queueAssignees).where(eq(queueAssignees.queueId, queueId)),
          ...assigneeIds.map((userId) => db.insert(queueAssignees).values({ queueId, userId })),
        ]
      : []),
  ]);
  recentQueues.delete(`${principal.projectId}/${queueId}`);
  return getQueue(db, principal, queueId);
}

/** Hides the queue; its items and annotations stay, so nothing reviewers wrote is lost. */
export async function deleteQueue(db: Database, principal: Principal, queueId: string): Promise<void> {
  requireConfigure(principal);
  await getQueue(db, principal, queueId);
  await db.update(annotationQueues).set({ deletedAt: Date.now(), isLive: false }).where(eq(annotationQueues.id, queueId));
  recentQueues.delete(`${principal.projectId}/${queueId}`);
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

// Claim, complete and next each need the queue's row and assignees before the Durable Object is asked. Kept per
// isolate for a few seconds (ADR 0006); changes made through this isolate forget the entry at once.
const recentQueues = new IsolateCache<QueueView>(5000);

/** getQueue for the reviewing hot path, which tolerates seconds-old assignees and settings. */
export function getQueueRecent(db: Database, principal: Principal, queueId: string): Promise<QueueView> {
  return recentQueues.get(`${principal.projectId}/${queueId}`, () => getQueue(db, principal, queueId));
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
