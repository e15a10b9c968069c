import { env, runInDurableObject } from "cloudflare:test";
import { flushMirror } from "../../durable-objects/queue-mirror";
import { QueueStore } from "../../durable-objects/queue-store";
import { database } from "../../worker/db/client";

/**
 * Runs a queue's D1 mirror flush to completion, as its alarm does. Not runDurableObjectAlarm: the alarm is set for
 * "now", so it may already be running by itself, and then runDurableObjectAlarm returns while that flush still writes.
 */
export async function flushQueueMirror(queueId: string): Promise<void> {
  const stub = env.ANNOTATION_QUEUE.get(env.ANNOTATION_QUEUE.idFromName(queueId));
  await runInDurableObject(stub, (_queue, state) => flushMirror(new QueueStore(state.storage.sql), database(env.DB)));
}
