import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { systemQueues, type SystemQueueDefinition } from "../classifiers/catalog";
import type { ClassifierKey } from "../classifiers/types";
import { chunk, rowsPerInsert, type Database } from "../db/client";
import { annotationQueues, scoreConfigs } from "../db/schema";
import type { FilterSet } from "../filters/schema";
import { IsolateCache } from "../isolate-cache";
import { configureStub } from "../queues/service";

// Every project has the eleven system queues. Ids are derived from the project and classifier so that concurrent
// provisioning converges on the same rows, and a queue an admin deleted (soft) is never brought back.

/** Flags are rare and each one is worth a look, so system queues take every flagged trace until an admin says less. */
const SYSTEM_SAMPLING_PERCENT = 100;

export function systemQueueId(projectId: string, key: ClassifierKey): string {
  return `q_${key}_${projectId}`;
}

export function systemScoreConfigId(projectId: string, key: ClassifierKey): string {
  return `sc_${key}_${projectId}`;
}

/** A system queue is a live queue whose filter is its classifier's flag: routing needs no special case. */
function systemQueueFilter(key: ClassifierKey): FilterSet {
  return { all: [{ field: "flag", classifier: key, op: "flagged" }] };
}

function queueRow(projectId: string, definition: SystemQueueDefinition, now: number) {
  return {
    id: systemQueueId(projectId, definition.key),
    projectId,
    name: definition.name,
    description: definition.description,
    instructions: definition.instructions,
    systemKey: definition.key,
    isLive: true,
    samplingPercent: SYSTEM_SAMPLING_PERCENT,
    filter: systemQueueFilter(definition.key),
    updatedAt: now,
  };
}

function scoreConfigRow(projectId: string, definition: SystemQueueDefinition) {
  return {
    id: systemScoreConfigId(projectId, definition.key),
    projectId,
    name: definition.name,
    type: "boolean" as const,
    description: `Does the trace show ${definition.name.toLowerCase()}? (pass = yes; the ${definition.name} classifier's verdict is compared with it)`,
  };
}

/** Inserts whichever system queue rows (and their boolean score configs) the project lacks. */
export function systemQueueStatements(db: Database, projectId: string, now = Date.now()) {
  const queues = systemQueues.map((d) => queueRow(projectId, d, now));
  const configs = systemQueues.map((d) => scoreConfigRow(projectId, d));
  return [
    ...chunk(queues, rowsPerInsert(annotationQueues)).map((part) => db.insert(annotationQueues).values(part).onConflictDoNothing()),
    ...chunk(configs, rowsPerInsert(scoreConfigs)).map((part) => db.insert(scoreConfigs).values(part).onConflictDoNothing()),
  ];
}

/**
 * Creates whichever system queues the project lacks, then configures the Durable Object of each from its row, so
 * projects created before system queues existed (or by a script without Durable Objects) get working ones. Idempotent.
 */
export async function provisionSystemQueues(db: Database, env: Env, projectId: string, now = Date.now()): Promise<void> {
  const [first, ...rest] = systemQueueStatements(db, projectId, now);
  if (first) await db.batch([first, ...rest]);
  const rows = await db
    .select()
    .from(annotationQueues)
    .where(and(eq(annotationQueues.projectId, projectId), isNotNull(annotationQueues.systemKey), isNull(annotationQueues.deletedAt)));
  await Promise.all(rows.map((queue) => configureStub(env, queue)));
}

const provisioned = new IsolateCache<true>(10 * 60_000);

/**
 * provisionSystemQueues at most once per project per isolate, for every door into a project (API, UI, pipeline).
 * A failure is logged and retried on the next request rather than failing the request that happened to come first.
 */
export async function ensureSystemQueues(db: Database, env: Env, projectId: string): Promise<void> {
  try {
    await provisioned.get(projectId, async () => {
      await provisionSystemQueues(db, env, projectId);
      return true;
    });
  } catch (error) {
    console.error(`system queues: provisioning project ${projectId} failed, will retry`, error);
  }
}
