import { describe, expect, it } from "vitest";
import { type IngestSpan, messageSchema } from "../../traces/model";
import { buildConversation, summarizeTrace } from "../genai";
import { span, T0 } from "../genai-fixtures";

// Attribute values are untrusted: every key any convention reads, set to every kind of junk a decoded span can
// hold (ingest turns OTLP values into JSON-safe ones), on a span of every kind, must neither throw nor produce a
// conversation that fails the schema or cannot be stored.

const MARKERS: Array<Record<string, unknown>> = [
  { "gen_ai.operation.name": "chat" },
  { "gen_ai.operation.name": "execute_tool" },
  { "openinference.span.kind": "LLM" },
  { "openinference.span.kind": "TOOL" },
  { "llm.request.type": "chat" },
  { "traceloop.span.kind": "tool" },
  { "ai.operationId": "ai.generateText.doGenerate" },
  { "ai.operationId": "ai.streamText" },
  { "ai.operationId": "ai.toolCall" },
];

const KEYS = [
  "gen_ai.input.messages",
  "gen_ai.output.messages",
  "gen_ai.system_instructions",
  "gen_ai.prompt",
  "gen_ai.completion",
  "gen_ai.response.finish_reasons",
  "gen_ai.usage.input_tokens",
  "gen_ai.usage.cost",
  "gen_ai.response.time_to_first_chunk",
  "gen_ai.tool.call.arguments",
  "gen_ai.tool.call.result",
  "gen_ai.tool.call.id",
  "gen_ai.tool.name",
  "session.id",
  "tags",
  "metadata",
  "metadata.x",
  "tag.tags",
  "input.value",
  "output.value",
  "input.mime_type",
  "tool.name",
  "llm.token_count.total",
  "llm.cost.prompt",
  "llm.input_messages.0.message.role",
  "llm.input_messages.0.message.content",
  "llm.input_messages.0.message.tool_call_id",
  "llm.input_messages.0.message.contents.0.message_content.text",
  "llm.output_messages.0.message.tool_calls.0.tool_call.function.name",
  "llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments",
  "llm.output_messages.__proto__.message.content",
  "gen_ai.prompt.0.content",
  "gen_ai.prompt.0.role",
  "gen_ai.prompt.0.tool_call_id",
  "gen_ai.completion.0.tool_calls.0.name",
  "gen_ai.completion.0.tool_calls.0.arguments",
  "gen_ai.completion.0.finish_reason",
  "traceloop.entity.input",
  "traceloop.entity.output",
  "traceloop.association.properties.__proto__",
  "ai.prompt",
  "ai.prompt.messages",
  "ai.response.text",
  "ai.response.toolCalls",
  "ai.response.msToFirstChunk",
  "ai.usage.promptTokens",
  "ai.model.provider",
  "ai.toolCall.args",
  "ai.toolCall.result",
  "ai.toolCall.output",
  "ai.telemetry.metadata.sessionId",
];

const VALUES: unknown[] = [
  null,
  undefined,
  0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  "",
  "[{",
  '{"a":',
  "null",
  '[null, 1, "x", {}]',
  '[{"role": {}, "content": {"parts": 5}}]',
  '[{"type": "tool-call"}, {"type": "tool-result", "output": {"type": 5}}, {"type": "tool_use", "name": 1}]',
  '{"__proto__": {"polluted": true}, "messages": 7, "choices": [null]}',
  "[".repeat(5000) + "]".repeat(5000),
  [],
  [null, 1, "x", {}, [[]]],
  {},
  { role: 5, content: { nested: [1, 2] }, tool_calls: "nope" },
];

function trace(key: string, value: unknown): IngestSpan[] {
  return MARKERS.map((marker, i) =>
    span(`s${i}`, i, {
      parentSpanId: i === 0 ? null : "s0",
      attributes: { ...marker, [key]: value },
      // On the first span only: a choice event makes any span an LLM call, which would hide the tool paths.
      events: i === 0 ? [{ name: "gen_ai.choice", time: T0, attributes: { [key]: value, body: value } }] : [],
    })
  );
}

describe("malformed attribute values", () => {
  it("never throw, and always give a storable conversation and a finite summary", () => {
    for (const key of KEYS) {
      for (const value of VALUES) {
        const spans = trace(key, value);
        const conversation = buildConversation(spans);
        const summary = summarizeTrace(spans);
        expect(messageSchema.array().safeParse(conversation).success, `${key} = ${String(value)}`).toBe(true);
        expect(() => JSON.stringify(conversation)).not.toThrow();
        expect([summary.inputTokens, summary.outputTokens, summary.totalTokens].every(Number.isFinite)).toBe(true);
      }
    }
    expect(Object.prototype).not.toHaveProperty("polluted");
  });
});
