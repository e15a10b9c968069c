import { and, asc, eq, isNull } from "drizzle-orm";
import type { Principal } from "../auth/principal";
import type { Database } from "../db/client";
import { annotationQueues, queueItems, scores, traceFlags } from "../db/schema";
import { requireRead } from "./service";

// What the trace page shows beside the trace itself: machine scores (classifier results included), the
// classifiers' flags, and the queues holding it. Scoped by project like every read.

export async function traceContext(db: Database, principal: Principal, traceId: string) {
  requireRead(principal);
  const { projectId } = principal;
  const [scoreRows, flags, queues] = await Promise.all([
    db
      .select({
        evaluation: scores.evaluation,
        valueNumber: scores.valueNumber,
        valueLabel: scores.valueLabel,
        reason: scores.reason,
        source: scores.source,
        flagged: scores.flagged,
        confidence: scores.confidence,
        provider: scores.provider,
        version: scores.version,
        createdAt: scores.createdAt,
      })
      .from(scores)
      .where(and(eq(scores.projectId, projectId), eq(scores.traceId, traceId)))
      .orderBy(asc(scores.evaluation), asc(scores.source)),
    db
      .select({ classifier: traceFlags.classifier, reason: traceFlags.reason, createdAt: traceFlags.createdAt })
      .from(traceFlags)
      .where(and(eq(traceFlags.projectId, projectId), eq(traceFlags.traceId, traceId)))
      .orderBy(asc(traceFlags.classifier)),
    db
      .select({ queueId: queueItems.queueId, name: annotationQueues.name, status: queueItems.status })
      .from(queueItems)
      .innerJoin(annotationQueues, eq(annotationQueues.id, queueItems.queueId))
      .where(and(eq(queueItems.projectId, projectId), eq(queueItems.traceId, traceId), isNull(annotationQueues.deletedAt)))
      .orderBy(asc(annotationQueues.name)),
  ]);
  return { scores: scoreRows, flags, queues };
}
