import { z } from "zod";

/** Sent (delayed by the settle window) whenever spans of a trace arrive. */
export const traceEventSchema = z.object({
  type: z.literal("trace.ingested"),
  projectId: z.string().min(1),
  traceId: z.string().regex(/^[0-9a-f]{32}$/),
});
export type TraceEvent = z.infer<typeof traceEventSchema>;

export const DEFAULT_SETTLE_SECONDS = 10;

export function settleSeconds(env: Pick<Env, "SETTLE_SECONDS">, projectSetting: number | null): number {
  if (projectSetting !== null) return projectSetting;
  const configured = Number(env.SETTLE_SECONDS);
  return Number.isFinite(configured) && configured >= 0 ? configured : DEFAULT_SETTLE_SECONDS;
}

export async function enqueueTraceEvents(
  queue: Queue,
  projectId: string,
  traceIds: readonly string[],
  delaySeconds: number,
): Promise<void> {
  // sendBatch takes at most 100 messages.
  for (let i = 0; i < traceIds.length; i += 100) {
    await queue.sendBatch(
      traceIds.slice(i, i + 100).map((traceId) => ({
        body: { type: "trace.ingested", projectId, traceId } satisfies TraceEvent,
        delaySeconds,
      })),
    );
  }
}
