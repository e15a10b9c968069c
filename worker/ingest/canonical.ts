import { z } from "zod";
import { hex, sha256Hex } from "../auth/crypto";
import { messagePartSchema, messageRoles, type IngestSpan, type MessagePart } from "../traces/model";

// `POST /api/v1/traces`: our own JSON for teams without OpenTelemetry. Each trace becomes one root span in the
// OTel GenAI conventions, so it takes exactly the path OTLP traces take (storage, settling, conversation).

const time = z.union([z.number().int().min(946_684_800_000).max(7_258_118_400_000), z.iso.datetime({ offset: true })]);

const canonicalMessageSchema = z
  .object({
    role: z.enum(messageRoles),
    content: z.string().optional(),
    parts: z.array(messagePartSchema).max(1000).optional(),
  })
  .refine((m) => m.content !== undefined || m.parts !== undefined, "a message needs content or parts");

export const canonicalTraceSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{32}$/, "id must be 32 lowercase hex characters").optional(),
  name: z.string().min(1).max(500),
  startedAt: time,
  endedAt: time.optional(),
  status: z.enum(["ok", "error", "unset"]).default("ok"),
  model: z.string().max(200).optional(),
  provider: z.string().max(200).optional(),
  inputTokens: z.number().int().min(0).optional(),
  outputTokens: z.number().int().min(0).optional(),
  cost: z.number().min(0).optional(),
  timeToFirstTokenMs: z.number().min(0).optional(),
  sessionId: z.string().max(500).optional(),
  userId: z.string().max(500).optional(),
  environment: z.string().max(200).optional(),
  tags: z.array(z.string().max(200)).max(100).default([]),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  messages: z.array(canonicalMessageSchema).min(1).max(10_000),
});
export const canonicalRequestSchema = z.object({ traces: z.array(canonicalTraceSchema).min(1).max(1000) });
export type CanonicalTrace = z.infer<typeof canonicalTraceSchema>;

const toMs = (t: number | string) => (typeof t === "number" ? t : Date.parse(t));

// Our parts, written in the GenAI message-part vocabulary the normalizer reads back.
function genaiPart(part: MessagePart): Record<string, unknown> {
  if (part.type === "tool_result") return { type: "tool_call_response", id: part.id, response: part.result };
  return part;
}

function genaiMessages(messages: CanonicalTrace["messages"]) {
  return messages.map((m) => ({ role: m.role, parts: (m.parts ?? [{ type: "text", content: m.content ?? "" }]).map(genaiPart) }));
}

export async function canonicalToSpans(trace: CanonicalTrace): Promise<IngestSpan> {
  const traceId = trace.id ?? hex(crypto.getRandomValues(new Uint8Array(16)));
  const startedAt = toMs(trace.startedAt);
  const endedAt = trace.endedAt === undefined ? startedAt : toMs(trace.endedAt);
  const lastAssistant = trace.messages.findLastIndex((m) => m.role === "assistant");
  const input = lastAssistant === -1 ? trace.messages : trace.messages.slice(0, lastAssistant);
  const output = lastAssistant === -1 ? [] : trace.messages.slice(lastAssistant);
  const optional: Record<string, unknown> = {
    "gen_ai.request.model": trace.model,
    "gen_ai.provider.name": trace.provider,
    "gen_ai.usage.input_tokens": trace.inputTokens,
    "gen_ai.usage.output_tokens": trace.outputTokens,
    "gen_ai.usage.cost": trace.cost,
    "gen_ai.response.time_to_first_chunk": trace.timeToFirstTokenMs === undefined ? undefined : trace.timeToFirstTokenMs / 1000,
    "session.id": trace.sessionId,
    "user.id": trace.userId,
    tags: trace.tags.length > 0 ? trace.tags : undefined,
  };
  const attributes: Record<string, unknown> = {
    "gen_ai.operation.name": "chat",
    "gen_ai.input.messages": JSON.stringify(genaiMessages(input)),
    "gen_ai.output.messages": JSON.stringify(genaiMessages(output)),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    ...Object.fromEntries(Object.entries(trace.metadata).map(([k, v]) => [`metadata.${k}`, v])),
  };
  return {
    traceId,
    // Derived from the trace id, so posting the same trace again is idempotent.
    spanId: (await sha256Hex(`${traceId}:root`)).slice(0, 16),
    parentSpanId: null,
    name: trace.name,
    kind: 0,
    startedAt,
    endedAt: Math.max(endedAt, startedAt),
    statusCode: { unset: 0, ok: 1, error: 2 }[trace.status],
    statusMessage: null,
    attributes,
    events: [],
    resource: trace.environment ? { "deployment.environment.name": trace.environment } : {},
  };
}
