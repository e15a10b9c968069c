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
export function chatTrace(traceId = randomTraceId(), question = "Where is my order #1234?", answer = "It ships tomorrow.") {
  const rootId = randomSpanId();
  const start = Date.now() - 5_000;
  return {
    traceId,
    body: otlpBody([
      otlpSpan({ traceId, spanId: rootId, name: "support-turn", startMs: start, durationMs: 1_500 }),
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
          "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: question }] }]),
          "gen_ai.output.messages": JSON.stringify([
            { role: "assistant", parts: [{ type: "text", content: answer }], finish_reason: "stop" },
          ]),
        },
      }),
    ]),
  };
}
