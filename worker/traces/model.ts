import { z } from "zod";

// The canonical trace model of DESIGN.md: what every ingest convention is normalized into.

/** A span as decoded from any wire format, ids as lowercase hex, times as epoch milliseconds. */
export interface IngestSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: number;
  startedAt: number;
  endedAt: number;
  statusCode: number; // OTLP: 0 unset, 1 ok, 2 error
  statusMessage: string | null;
  attributes: Record<string, unknown>;
  events: SpanEvent[];
  resource: Record<string, unknown>;
}

export interface SpanEvent {
  name: string;
  time: number;
  attributes: Record<string, unknown>;
}

export const messagePartSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), content: z.string() }),
  z.object({ type: z.literal("tool_call"), id: z.string().nullable(), name: z.string(), arguments: z.unknown() }),
  z.object({ type: z.literal("tool_result"), id: z.string().nullable(), result: z.unknown(), isError: z.boolean().optional() }),
  z.object({ type: z.literal("reasoning"), content: z.string() }),
]);
export type MessagePart = z.infer<typeof messagePartSchema>;

export const messageRoles = ["system", "user", "assistant", "tool"] as const;
export const messageSchema = z.object({
  role: z.enum(messageRoles),
  parts: z.array(messagePartSchema),
  spanId: z.string().nullable(),
});
export type Message = z.infer<typeof messageSchema>;

export interface TraceSummary {
  name: string;
  startedAt: number;
  endedAt: number;
  durationMs: number;
  status: "ok" | "error" | "unset";
  models: string[];
  provider: string | null;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cost: number | null;
  timeToFirstTokenMs: number | null;
  sessionId: string | null;
  userId: string | null;
  environment: string | null;
  tags: string[];
  metadata: Record<string, string>;
  spanCount: number;
  toolCallCount: number;
  errorCount: number;
}
