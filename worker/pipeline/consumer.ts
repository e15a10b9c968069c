import { and, eq } from "drizzle-orm";
import { database } from "../db/client";
import { projects, traces } from "../db/schema";
import { settleSeconds, traceEventSchema } from "./trace-events";
import { settleTrace } from "./settle";

/** The `trace-events` consumer: settles each trace whose spans have stopped arriving. */
export async function consumeTraceEvents(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = database(env.DB);
  for (const message of batch.messages) {
    const parsed = traceEventSchema.safeParse(message.body);
    if (!parsed.success) {
      // A malformed message can never succeed: acknowledge it rather than retry it into the dead-letter queue.
      console.error("trace-events: dropping malformed message", parsed.error.issues);
      message.ack();
      continue;
    }
    const { projectId, traceId } = parsed.data;
    try {
      if (await isQuiet(env, projectId, traceId)) await settleTrace(db, projectId, traceId);
      message.ack();
    } catch (error) {
      console.error("trace-events: settle failed, will retry", traceId, error);
      message.retry({ delaySeconds: Math.min(60, 2 ** message.attempts) });
    }
  }
}

/** False when newer spans arrived after this message was sent: their own delayed message will settle the trace. */
async function isQuiet(env: Env, projectId: string, traceId: string): Promise<boolean> {
  const db = database(env.DB);
  const [row] = await db
    .select({ updatedAt: traces.updatedAt, settleSeconds: projects.settleSeconds })
    .from(traces)
    .innerJoin(projects, eq(projects.id, traces.projectId))
    .where(and(eq(traces.projectId, projectId), eq(traces.id, traceId)));
  if (!row) return false;
  const windowMs = settleSeconds(env, row.settleSeconds) * 1000;
  // Queue delays are not exact; a small tolerance keeps an on-time message from being skipped.
  return Date.now() - row.updatedAt >= windowMs - 1000;
}
