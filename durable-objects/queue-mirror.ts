import { and, eq, lt, sql } from "drizzle-orm";
import type { Database } from "../worker/db/client";
import { annotationQueues, queueItems } from "../worker/db/schema";
import type { QueueStore } from "./queue-store";

const BATCH = 50;

/**
 * Copies dirty items and the counters from the queue's storage into D1. Each write carries the DO's version and
 * only lands over an older one, so retries and out-of-order flushes converge on the DO's state.
 */
export async function flushMirror(store: QueueStore, db: Database): Promise<number> {
  const { queueId, projectId } = store.settings();
  let flushed = 0;
  for (let entries = store.outbox(BATCH); entries.length > 0; entries = store.outbox(BATCH)) {
    const writes = entries.map((entry) => {
      if (entry.trace_id === "") {
        const progress = store.progress();
        return db
          .update(annotationQueues)
          .set({ totalItems: progress.total, completedItems: progress.completed, progressVersion: entry.version })
          .where(and(eq(annotationQueues.id, queueId), lt(annotationQueues.progressVersion, entry.version)));
      }
      const item = store.item(entry.trace_id);
      if (!item) {
        return db
          .delete(queueItems)
          .where(and(eq(queueItems.queueId, queueId), eq(queueItems.traceId, entry.trace_id), lt(queueItems.version, entry.version)));
      }
      const row = {
        queueId,
        projectId,
        traceId: item.trace_id,
        status: item.status,
        reviewedBy: store.reviewers(item.trace_id),
        addedAt: item.added_at,
        completedAt: item.completed_at,
        version: item.version,
      };
      return db
        .insert(queueItems)
        .values(row)
        .onConflictDoUpdate({
          target: [queueItems.queueId, queueItems.traceId],
          set: {
            // A removed-then-re-added item comes back with a new added time.
            addedAt: row.addedAt,
            status: row.status,
            reviewedBy: sql`excluded.reviewed_by`,
            completedAt: row.completedAt,
            version: row.version,
          },
          setWhere: lt(queueItems.version, row.version),
        });
    });
    const [first, ...rest] = writes;
    if (first) await db.batch([first, ...rest]);
    store.acknowledge(entries);
    flushed += entries.length;
  }
  return flushed;
}
