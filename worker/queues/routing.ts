import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { annotationQueues } from "../db/schema";
import { loadFilterRecords, matchesFilter } from "../filters/evaluate";
import { parseFilterSet, type FilterSet } from "../filters/schema";
import type { TraceKey } from "../pipeline/settle";

const MATCH_EVERYTHING: FilterSet = { all: [] };

/**
 * "Trace completed" for live queues: every live queue of the trace's project is offered the traces its filter
 * matches, and its Durable Object samples them in. Safe to repeat: the DO remembers each decision.
 */
export async function routeToLiveQueues(db: Database, env: Env, settled: readonly TraceKey[], now = Date.now()): Promise<number> {
  let added = 0;
  for (const [projectId, keys] of Map.groupBy(settled, (k) => k.projectId)) {
    const live = await db
      .select({ id: annotationQueues.id, filter: annotationQueues.filter })
      .from(annotationQueues)
      .where(and(eq(annotationQueues.projectId, projectId), eq(annotationQueues.isLive, true), isNull(annotationQueues.deletedAt)));
    if (live.length === 0) continue;
    const records = await loadFilterRecords(db, projectId, keys.map((k) => k.traceId));
    for (const queue of live) {
      const filter = queue.filter ? parseFilterSet(queue.filter) : MATCH_EVERYTHING;
      const matching = records.filter((record) => matchesFilter(filter, record, now)).map((record) => record.id);
      if (matching.length === 0) continue;
      const stub = env.ANNOTATION_QUEUE.get(env.ANNOTATION_QUEUE.idFromName(queue.id));
      added += (await stub.offer(matching)).added.length;
    }
  }
  return added;
}
