import { describe, expect, it } from "vitest";
import { messageSchema } from "../../traces/model";
import { buildConversation, summarizeTrace } from "../genai";
import { span, T0, text, toolCall } from "../genai-fixtures";
import { readSpan } from ".";
import {
  agent,
  ANSWER,
  firstCall,
  multimodalCall,
  QUESTION,
  rawPayloadCall,
  secondCall,
  SYSTEM,
  toolRun,
} from "./openinference-fixtures";

// OpenInference: flattened llm.*_messages, TOOL spans without call ids, input.value / output.value fallbacks.

describe("OpenInference agent loop", () => {
  const trace = [secondCall, toolRun, agent, firstCall];

  it("builds one history, pairing the id-less TOOL span with the call it answered", () => {
    const conversation = buildConversation(trace);
    expect(messageSchema.array().safeParse(conversation).success).toBe(true);
    expect(conversation).toEqual([
      { role: "system", parts: [text(SYSTEM)], spanId: "oi-llm-1" },
      { role: "user", parts: [text(QUESTION)], spanId: "oi-llm-1" },
      { role: "assistant", parts: [toolCall("call_Xy12", "get_weather", { city: "Paris" })], spanId: "oi-llm-1" },
      {
        role: "tool",
        parts: [{ type: "tool_result", id: "call_Xy12", result: "18°C and sunny" }],
        spanId: "oi-tool",
      },
      { role: "assistant", parts: [text(ANSWER)], spanId: "oi-llm-2" },
    ]);
  });

  it("summarizes tokens, cost, session, user, metadata and tags", () => {
    expect(summarizeTrace(trace)).toEqual({
      name: "AgentExecutor",
      startedAt: T0,
      endedAt: T0 + 4000,
      durationMs: 4000,
      status: "ok",
      models: ["gpt-4o-2024-08-06"],
      provider: "openai",
      inputTokens: 280,
      outputTokens: 30,
      totalTokens: 310,
      cost: expect.closeTo(0.001, 12),
      timeToFirstTokenMs: null,
      sessionId: "chat-42",
      userId: "user-7",
      environment: "staging",
      tags: ["beta", "weather"],
      metadata: { plan: "pro", retries: "2" },
      spanCount: 4,
      toolCallCount: 1,
      errorCount: 0,
    });
  });

  it("reads each span's facts", () => {
    expect(readSpan(firstCall)).toMatchObject({
      isLlmCall: true,
      model: "gpt-4o-2024-08-06",
      provider: "openai",
      usage: { input: 120, output: 18, total: 138 },
      cost: 0.00048,
      tool: null,
    });
    expect(readSpan(agent)).toMatchObject({ isLlmCall: false, input: [], output: [], tool: null });
    // tool.parameters is the schema; the call's own arguments are in input.value.
    expect(readSpan(toolRun).tool).toEqual({
      spanId: "oi-tool",
      id: null,
      name: "get_weather",
      arguments: { city: "Paris" },
      result: "18°C and sunny",
      isError: false,
    });
  });

  it("sums prompt and completion cost when no total is given", () => {
    const attributes = { ...firstCall.attributes, "llm.cost.total": undefined };
    expect(readSpan({ ...firstCall, attributes }).cost).toBeCloseTo(0.00048, 12);
  });
});

describe("OpenInference message shapes", () => {
  it("reads message.contents, keeping media parts as their recorded attributes", () => {
    expect(buildConversation([multimodalCall]).map(({ role, parts }) => ({ role, parts }))).toEqual([
      {
        role: "user",
        parts: [
          text("What is in this picture?"),
          text(
            JSON.stringify({
              "message_content.type": "image",
              "message_content.image.image.url": "https://example.com/cat.png",
            })
          ),
        ],
      },
      { role: "assistant", parts: [text("A cat.")] },
    ]);
  });

  it("falls back to the raw request and response in input.value / output.value", () => {
    expect(buildConversation([rawPayloadCall])).toEqual([
      { role: "user", parts: [text("Hi")], spanId: "oi-raw" },
      { role: "assistant", parts: [text("Hello!")], spanId: "oi-raw" },
    ]);
    expect(readSpan(rawPayloadCall).finishReason).toBe("stop");
    const plain = span("oi-plain", 0, {
      attributes: {
        "openinference.span.kind": "LLM",
        "input.value": '{"not": "a request"}',
        "input.mime_type": "text/plain",
        "output.value": "Hello!",
      },
    });
    expect(buildConversation([plain]).map((m) => [m.role, m.parts])).toEqual([
      ["user", [text('{"not": "a request"}')]],
      ["assistant", [text("Hello!")]],
    ]);
  });

  it("ignores input.value on CHAIN spans and orders sparse, out-of-order indexes", () => {
    const chain = span("chain", 0, { attributes: { "openinference.span.kind": "CHAIN", "input.value": "hi" } });
    expect(buildConversation([chain])).toEqual([]);
    const sparse = span("sparse", 0, {
      attributes: {
        "openinference.span.kind": "LLM",
        "llm.input_messages.10.message.role": "user",
        "llm.input_messages.10.message.content": "second",
        "llm.input_messages.2.message.role": "user",
        "llm.input_messages.2.message.content": "first",
        "llm.input_messages.x.message.content": "not an index",
        "llm.input_messages.999999999999.message.content": "index too large",
      },
    });
    expect(buildConversation([sparse]).map((m) => m.parts)).toEqual([[text("first")], [text("second")]]);
  });

  it("keeps a failed TOOL span's own call and error when no LLM span recorded it", () => {
    const failed = span("oi-tool", 0, {
      statusCode: 2,
      attributes: {
        "openinference.span.kind": "TOOL",
        "tool.name": "get_weather",
        "input.value": '{"city": "Nowhere"}',
      },
      events: [{ name: "exception", time: T0, attributes: { "exception.message": "city not found" } }],
    });
    expect(buildConversation([failed])).toEqual([
      {
        role: "assistant",
        parts: [{ type: "tool_call", id: null, name: "get_weather", arguments: { city: "Nowhere" } }],
        spanId: "oi-tool",
      },
      {
        role: "tool",
        parts: [{ type: "tool_result", id: null, result: "city not found", isError: true }],
        spanId: "oi-tool",
      },
    ]);
  });
});
