import { and, eq } from "drizzle-orm";
import { database, type Database } from "../db/client";
import { traces } from "../db/schema";
import { settleTrace } from "./settle";
import { traceEventSchema } from "./trace-events";

// Queue delays are not exact; a message arriving this early still counts as on time.
const DELAY_TOLERANCE_MS = 1000;

/** The `trace-events` consumer: settles each trace whose spans have stopped arriving. */
export async function consumeTraceEvents(batch: MessageBatch<unknown>, env: Env, now = Date.now()): Promise<void> {
  const db = database(env.DB);
  for (const message of batch.messages) {
    const parsed = traceEventSchema.safeParse(message.body);
    if (!parsed.success) {
      // A malformed message can never succeed: acknowledge it rather than retry it into the dead-letter queue.
      console.error("trace-events: dropping malformed message", parsed.error.issues);
      message.ack();
      continue;
    }
    const { projectId, traceId, quietSeconds } = parsed.data;
    try {
      if (await isQuiet(db, projectId, traceId, quietSeconds * 1000, now)) await settleTrace(db, projectId, traceId, now);
      message.ack();
    } catch (error) {
      console.error("trace-events: settle failed, will retry", traceId, error);
      message.retry({ delaySeconds: Math.min(60, 2 ** message.attempts) });
    }
  }
}

/**
 * False when spans arrived after this message was sent (their own delayed message will settle the trace) or the
 * trace is already settled (a redelivery): either way there is nothing to do now.
 */
async function isQuiet(db: Database, projectId: string, traceId: string, quietMs: number, now: number): Promise<boolean> {
  const [row] = await db
    .select({ updatedAt: traces.updatedAt, settledAt: traces.settledAt })
    .from(traces)
    .where(and(eq(traces.projectId, projectId), eq(traces.id, traceId)));
  if (!row || row.settledAt !== null) return false;
  return now - row.updatedAt >= quietMs - DELAY_TOLERANCE_MS;
}
