import { describe, expect, it } from "vitest";
import { messageSchema } from "../../traces/model";
import { buildConversation, summarizeTrace } from "../genai";
import { T0, text, toolCall } from "../genai-fixtures";
import { readSpan } from ".";
import {
  ANSWER,
  anthropicChat,
  firstChat,
  legacyCompletion,
  QUESTION,
  secondChat,
  SYSTEM,
  toolTask,
  WEATHER,
  workflow,
} from "./openllmetry-fixtures";

// OpenLLMetry: flattened gen_ai.prompt.N / gen_ai.completion.N, traceloop.* workflow and tool spans.

describe("OpenLLMetry agent loop", () => {
  const trace = [workflow, firstChat, toolTask, secondChat];

  it("builds one history and credits the tool result to the @tool span", () => {
    const conversation = buildConversation(trace);
    expect(messageSchema.array().safeParse(conversation).success).toBe(true);
    expect(conversation).toEqual([
      { role: "system", parts: [text(SYSTEM)], spanId: "ol-chat-1" },
      { role: "user", parts: [text(QUESTION)], spanId: "ol-chat-1" },
      { role: "assistant", parts: [toolCall("call_1", "get_weather", { city: "Paris" })], spanId: "ol-chat-1" },
      { role: "tool", parts: [{ type: "tool_result", id: "call_1", result: WEATHER }], spanId: "ol-tool" },
      { role: "assistant", parts: [text(ANSWER)], spanId: "ol-chat-2" },
    ]);
  });

  it("summarizes usage with the reported totals and association properties", () => {
    expect(summarizeTrace(trace)).toEqual({
      name: "weather_agent.workflow",
      startedAt: T0,
      endedAt: T0 + 3000,
      durationMs: 3000,
      status: "unset",
      models: ["gpt-4o-mini-2024-07-18"],
      provider: "openai",
      inputTokens: 215,
      outputTokens: 30,
      totalTokens: 245,
      cost: null,
      timeToFirstTokenMs: null,
      sessionId: "sess-ol",
      userId: "u-ol",
      environment: null,
      tags: [],
      metadata: { plan: "pro" },
      spanCount: 4,
      toolCallCount: 1,
      errorCount: 0,
    });
  });

  it("reads each span's facts, unwrapping the decorator's {args, kwargs}", () => {
    expect(readSpan(firstChat)).toMatchObject({
      isLlmCall: true,
      model: "gpt-4o-mini-2024-07-18",
      provider: "openai",
      usage: { input: 85, output: 16, total: 101 },
      finishReason: "tool_calls",
    });
    expect(readSpan(workflow)).toMatchObject({ isLlmCall: false, tool: null });
    expect(readSpan(toolTask).tool).toEqual({
      spanId: "ol-tool",
      id: null,
      name: "get_weather",
      arguments: { city: "Paris" },
      result: { temperature_c: 18, condition: "sunny" },
      isError: false,
    });
  });
});

describe("OpenLLMetry message shapes", () => {
  it("reads Anthropic content blocks serialized as JSON, tool use and results included", () => {
    expect(buildConversation([anthropicChat]).map(({ role, parts }) => ({ role, parts }))).toEqual([
      { role: "user", parts: [text(QUESTION)] },
      { role: "assistant", parts: [toolCall("toolu_1", "get_weather", { city: "Paris" })] },
      { role: "tool", parts: [{ type: "tool_result", id: "toolu_1", result: "18°C" }] },
      { role: "assistant", parts: [text(ANSWER)] },
    ]);
    expect(readSpan(anthropicChat).finishReason).toBe("end_turn");
  });

  it("reads the pre-2024 llm.prompts / llm.completions names and usage", () => {
    expect(buildConversation([legacyCompletion]).map((m) => [m.role, m.parts])).toEqual([
      ["user", [text("Say hi")]],
      ["assistant", [text("Hi!")]],
    ]);
    expect(readSpan(legacyCompletion)).toMatchObject({
      model: "gpt-3.5-turbo-instruct",
      provider: "OpenAI",
      usage: { input: 3, output: 2, total: 5 },
      finishReason: "stop",
    });
  });

  it("keeps content that merely looks like JSON as text", () => {
    const chat = {
      ...firstChat,
      attributes: { "llm.request.type": "chat", "gen_ai.prompt.0.role": "user", "gen_ai.prompt.0.content": "[1, 2]" },
    };
    expect(buildConversation([chat]).map((m) => m.parts)).toEqual([[text("[1, 2]")]]);
  });
});
