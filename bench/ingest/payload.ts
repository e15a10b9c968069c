// Realistic OTLP requests: 50 GenAI chat spans per request, about 20 attributes each, unique ids per request so
// the app stores new rows instead of skipping duplicates.

const hexId = (bytes: number) => Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: String(value) } });

export const SPANS_PER_REQUEST = 50;

function llmSpan(traceId: string, parentSpanId: string, start: bigint, i: number) {
  const question = `Customer question ${i}: where is order #${1000 + i}? I have been waiting for a week.`;
  const answer = `Order #${1000 + i} shipped yesterday and arrives on Thursday. Tracking: 1Z${hexId(6)}.`;
  return {
    traceId,
    spanId: hexId(8),
    parentSpanId,
    name: "chat gpt-4o-mini",
    kind: 3,
    startTimeUnixNano: (start + BigInt(i) * 1_000_000n).toString(),
    endTimeUnixNano: (start + BigInt(i) * 1_000_000n + 900_000_000n).toString(),
    attributes: [
      str("gen_ai.operation.name", "chat"),
      str("gen_ai.provider.name", "openai"),
      str("gen_ai.request.model", "gpt-4o-mini"),
      str("gen_ai.response.model", "gpt-4o-mini-2024-07-18"),
      str("gen_ai.response.id", `chatcmpl-${hexId(12)}`),
      str("gen_ai.response.finish_reasons", "stop"),
      int("gen_ai.usage.input_tokens", 120 + i),
      int("gen_ai.usage.output_tokens", 40 + i),
      { key: "gen_ai.request.temperature", value: { doubleValue: 0.2 } },
      int("gen_ai.request.max_tokens", 512),
      str("gen_ai.system_instructions", JSON.stringify([{ type: "text", content: "You are Acme's support assistant." }])),
      str("gen_ai.input.messages", JSON.stringify([{ role: "user", parts: [{ type: "text", content: question }] }])),
      str("gen_ai.output.messages", JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: answer }], finish_reason: "stop" }])),
      str("server.address", "api.openai.com"),
      int("server.port", 443),
      str("session.id", `sess-${i % 7}`),
      str("user.id", `customer-${i % 11}`),
      str("metadata.tenant", "acme"),
      str("metadata.region", "eu-west"),
      { key: "gen_ai.response.time_to_first_chunk", value: { doubleValue: 0.31 } },
    ],
    status: { code: 1 },
  };
}

/** One export request: a few traces whose spans add up to SPANS_PER_REQUEST. */
export function exportRequest(tracesPerRequest = 5) {
  const start = BigInt(Date.now()) * 1_000_000n;
  const spans = [];
  for (let t = 0; t < tracesPerRequest; t++) {
    const traceId = hexId(16);
    const rootId = hexId(8);
    spans.push({ traceId, spanId: rootId, parentSpanId: "", name: "support-turn", kind: 2, startTimeUnixNano: start.toString(), endTimeUnixNano: (start + 2_000_000_000n).toString(), attributes: [str("service.name", "bench")], status: { code: 1 } });
    for (let i = 1; i < SPANS_PER_REQUEST / tracesPerRequest; i++) spans.push(llmSpan(traceId, rootId, start, t * 10 + i));
  }
  return {
    resourceSpans: [
      {
        resource: { attributes: [str("service.name", "acme-support"), str("deployment.environment.name", "bench")] },
        scopeSpans: [{ scope: { name: "bench", version: "1.0.0" }, spans }],
      },
    ],
  };
}
