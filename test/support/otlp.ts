import { hex } from "../../worker/auth/crypto";

// Builders for OTLP/HTTP JSON bodies shaped like the OpenTelemetry JS exporter's output.

export function randomTraceId(): string {
  return hex(crypto.getRandomValues(new Uint8Array(16)));
}
export function randomSpanId(): string {
  return hex(crypto.getRandomValues(new Uint8Array(8)));
}

type AttributeValue = string | number | boolean | string[];

function anyValue(value: AttributeValue): Record<string, unknown> {
  if (Array.isArray(value)) return { arrayValue: { values: value.map((v) => ({ stringValue: v })) } };
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

export interface SpanSpec {
  traceId: string;
  spanId?: string;
  parentSpanId?: string;
  name: string;
  startMs: number;
  durationMs: number;
  attributes?: Record<string, AttributeValue>;
  error?: boolean;
}

export function otlpSpan(spec: SpanSpec) {
  const start = BigInt(Math.round(spec.startMs)) * 1_000_000n;
  const end = start + BigInt(Math.round(spec.durationMs)) * 1_000_000n;
  return {
    traceId: spec.traceId,
    spanId: spec.spanId ?? randomSpanId(),
    parentSpanId: spec.parentSpanId ?? "",
    name: spec.name,
    kind: 3,
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: end.toString(),
    attributes: Object.entries(spec.attributes ?? {}).map(([key, value]) => ({ key, value: anyValue(value) })),
    status: spec.error ? { code: 2, message: "failed" } : { code: 1 },
  };
}

export function otlpBody(spans: ReturnType<typeof otlpSpan>[], serviceName = "support-bot") {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: serviceName } }] },
        scopeSpans: [{ scope: { name: "test", version: "1.0.0" }, spans }],
      },
    ],
  };
}

/** A one-call chat trace in the current OTel GenAI conventions. */
export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool";
  parts: Record<string, unknown>[];
}

/** A root span and one GenAI chat span whose input and output messages are exactly these (the last is the output). */
export function conversationSpans(traceId: string, conversation: readonly ChatMessage[], name = "support-turn") {
  const rootId = randomSpanId();
  const start = Date.now() - 5_000;
  return [
    otlpSpan({ traceId, spanId: rootId, name, startMs: start, durationMs: 1_500 }),
    otlpSpan({
      traceId,
      parentSpanId: rootId,
      name: "chat gpt-4o-mini",
      startMs: start + 100,
      durationMs: 1_200,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.response.model": "gpt-4o-mini",
        "gen_ai.usage.input_tokens": 42,
        "gen_ai.usage.output_tokens": 7,
        "gen_ai.input.messages": JSON.stringify(conversation.slice(0, -1)),
        "gen_ai.output.messages": JSON.stringify(conversation.slice(-1).map((m) => ({ ...m, finish_reason: "stop" }))),
      },
    }),
  ];
}

export function chatTrace(traceId = randomTraceId(), question = "Where is my order #1234?", answer = "It ships tomorrow.") {
  const conversation: ChatMessage[] = [
    { role: "user", parts: [{ type: "text", content: question }] },
    { role: "assistant", parts: [{ type: "text", content: answer }] },
  ];
  return { traceId, body: otlpBody(conversationSpans(traceId, conversation)) };
}
