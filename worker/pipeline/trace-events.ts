import { z } from "zod";

/** Sent, delayed by the trace's quiet period, whenever spans of a trace arrive. */
export const traceEventSchema = z.object({
  type: z.literal("trace.ingested"),
  projectId: z.string().min(1),
  traceId: z.string().regex(/^[0-9a-f]{32}$/),
  quietSeconds: z.number().min(0).max(3600).default(0),
});
export type TraceEvent = z.infer<typeof traceEventSchema>;

const DEFAULT_SETTLE_SECONDS = 10;
/** Once the root span has ended, only stragglers remain: wait at most this long for them. */
const AFTER_ROOT_SETTLE_SECONDS = 2;

export function settleWindowSeconds(env: Pick<Env, "SETTLE_SECONDS">, projectSetting: number | null): number {
  if (projectSetting !== null) return projectSetting;
  const configured = Number(env.SETTLE_SECONDS);
  return Number.isFinite(configured) && configured >= 0 ? configured : DEFAULT_SETTLE_SECONDS;
}

export function quietSecondsFor(windowSeconds: number, rootSeen: boolean): number {
  return rootSeen ? Math.min(windowSeconds, AFTER_ROOT_SETTLE_SECONDS) : windowSeconds;
}

export async function enqueueTraceEvents(
  queue: Queue,
  projectId: string,
  traces: readonly { traceId: string; quietSeconds: number }[],
): Promise<void> {
  // sendBatch takes at most 100 messages.
  for (let i = 0; i < traces.length; i += 100) {
    await queue.sendBatch(
      traces.slice(i, i + 100).map(({ traceId, quietSeconds }) => ({
        body: { type: "trace.ingested", projectId, traceId, quietSeconds } satisfies TraceEvent,
        delaySeconds: Math.ceil(quietSeconds),
      })),
    );
  }
}
