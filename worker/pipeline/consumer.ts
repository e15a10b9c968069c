import { and, eq, inArray, isNull } from "drizzle-orm";
import { chunk, database, type Database } from "../db/client";
import { traces } from "../db/schema";
import { routeToLiveQueues } from "../queues/routing";
import { classificationSteps, classifySettled } from "./classify";
import { extractEvaluationScores } from "../scores/extract";
import { upsertScores } from "../scores/service";
import { settleTraces, type SettledTrace, type TraceKey } from "./settle";
import { traceEventSchema, type TraceEvent } from "./trace-events";

// Queue delays are not exact; a message arriving this early still counts as on time.
const DELAY_TOLERANCE_MS = 1000;

/** The `trace-events` consumer: settles, in one pass per batch, each trace whose spans have stopped arriving. */
export async function consumeTraceEvents(batch: MessageBatch<unknown>, env: Env, now = Date.now(), steps = classificationSteps): Promise<void> {
  const events: { message: Message<unknown>; event: TraceEvent }[] = [];
  for (const message of batch.messages) {
    const parsed = traceEventSchema.safeParse(message.body);
    if (parsed.success) {
      events.push({ message, event: parsed.data });
    } else {
      // A malformed message can never succeed: acknowledge it rather than retry it into the dead-letter queue.
      console.error("trace-events: dropping malformed message", parsed.error.issues);
      message.ack();
    }
  }
  if (events.length === 0) return;
  const db = database(env.DB);
  try {
    const settled = await settleTraces(db, await quietTraces(db, events.map((e) => e.event), now), now);
    // Scores and flags first: system queues and user filters on them route by what was just found.
    await storeExportedEvaluations(db, settled, now);
    await classifySettled(db, env, settled, steps, now);
    await routeToLiveQueues(db, env, settled, now);
    for (const { message } of events) message.ack();
  } catch (error) {
    console.error("trace-events: settle failed, will retry", error);
    for (const { message } of events) message.retry({ delaySeconds: Math.min(60, 2 ** message.attempts) });
  }
}

/** Evaluation results the exporter attached to spans become machine scores (source "otlp"), replaced on re-settle. */
async function storeExportedEvaluations(db: Database, settled: readonly SettledTrace[], now: number): Promise<void> {
  for (const [projectId, traces] of Map.groupBy(settled, (t) => t.projectId)) {
    const found = traces.flatMap((trace) => extractEvaluationScores(trace.spans).map((score) => ({ ...score, source: "otlp" as const })));
    if (found.length > 0) await upsertScores(db, projectId, found, now);
  }
}

/**
 * The traces that are still unsettled and have had no spans for their quiet period. A trace that got spans after
 * its message was sent waits for that later message; an already settled one (a redelivery) needs nothing.
 */
async function quietTraces(db: Database, events: readonly TraceEvent[], now: number): Promise<TraceKey[]> {
  const quiet: TraceKey[] = [];
  for (const [projectId, group] of Map.groupBy(events, (e) => e.projectId)) {
    const quietMs = new Map(group.map((e) => [e.traceId, e.quietSeconds * 1000]));
    for (const ids of chunk([...quietMs.keys()], 90)) {
      const rows = await db
        .select({ id: traces.id, updatedAt: traces.updatedAt })
        .from(traces)
        .where(and(eq(traces.projectId, projectId), inArray(traces.id, ids), isNull(traces.settledAt)));
      for (const row of rows) {
        if (now - row.updatedAt >= (quietMs.get(row.id) ?? 0) - DELAY_TOLERANCE_MS) quiet.push({ projectId, traceId: row.id });
      }
    }
  }
  return quiet;
}
