import { describe, expect, it } from "vitest";
import { messageSchema } from "../../traces/model";
import { buildConversation, summarizeTrace } from "../genai";
import { T0, text, toolCall } from "../genai-fixtures";
import { readSpan } from ".";
import { vercelAi } from "./vercel-ai";
import {
  afterFailure,
  ANSWER,
  doStream,
  failedTool,
  firstStep,
  generateText,
  QUESTION,
  secondStep,
  streamText,
  SYSTEM,
  toolCallSpan,
} from "./vercel-ai-fixtures";

// Vercel AI SDK: outer ai.generateText / ai.streamText spans wrap inner doGenerate / doStream calls that also
// carry gen_ai.*; messages, tokens and models must come out once.

describe("AI SDK generateText agent loop (SDK 4 attribute names)", () => {
  const trace = [generateText, firstStep, toolCallSpan, secondStep];

  it("builds the conversation from the inner calls only, each message once", () => {
    const conversation = buildConversation(trace);
    expect(messageSchema.array().safeParse(conversation).success).toBe(true);
    expect(conversation).toEqual([
      { role: "system", parts: [text(SYSTEM)], spanId: "v-step-1" },
      { role: "user", parts: [text(QUESTION)], spanId: "v-step-1" },
      { role: "assistant", parts: [toolCall("call_1", "get_weather", { city: "Paris" })], spanId: "v-step-1" },
      {
        role: "tool",
        parts: [{ type: "tool_result", id: "call_1", result: { temperatureC: 18, condition: "sunny" } }],
        spanId: "v-tool",
      },
      { role: "assistant", parts: [text(ANSWER)], spanId: "v-step-2" },
    ]);
  });

  it("counts the steps' usage, not the outer span's sum, and names the model once", () => {
    expect(summarizeTrace(trace)).toEqual({
      name: "ai.generateText",
      startedAt: T0,
      endedAt: T0 + 3000,
      durationMs: 3000,
      status: "unset",
      models: ["gpt-4o-2024-08-06"],
      provider: "openai",
      inputTokens: 215,
      outputTokens: 30,
      totalTokens: 245,
      cost: null,
      timeToFirstTokenMs: null,
      sessionId: "sess-v",
      userId: "u-v",
      environment: null,
      tags: [],
      metadata: { plan: "pro", functionId: "weather-chat" },
      spanCount: 4,
      toolCallCount: 1,
      errorCount: 0,
    });
  });

  it("reads the outer span's caller prompt and answer without making it an LLM call", () => {
    expect(readSpan(generateText)).toMatchObject({ isLlmCall: false, input: [], output: [], finishReason: "stop" });
    expect(vercelAi.inputMessages(generateText).map((m) => [m.role, m.parts])).toEqual([
      ["system", [text(SYSTEM)]],
      ["user", [text(QUESTION)]],
    ]);
    expect(vercelAi.outputMessages(generateText).map((m) => m.parts)).toEqual([[text(ANSWER)]]);
  });

  it("prefers the SDK's own attributes over the gen_ai.* copies on inner spans", () => {
    expect(readSpan(firstStep)).toMatchObject({
      isLlmCall: true,
      model: "gpt-4o-2024-08-06",
      provider: "openai",
      usage: { input: 85, output: 16, total: null },
      finishReason: "tool-calls",
    });
    expect(readSpan(toolCallSpan).tool).toEqual({
      spanId: "v-tool",
      id: "call_1",
      name: "get_weather",
      arguments: { city: "Paris" },
      result: { temperatureC: 18, condition: "sunny" },
      isError: false,
    });
  });

  it("stays duplicate-free when the outer and first inner span start at the same millisecond", () => {
    const sameStart = { ...firstStep, startedAt: generateText.startedAt };
    expect(buildConversation([generateText, sameStart]).map((m) => m.spanId)).toEqual([
      "v-step-1",
      "v-step-1",
      "v-step-1",
    ]);
  });
});

describe("AI SDK streamText (SDK 5 attribute names)", () => {
  it("reads messages, usage totals and time to first chunk from the doStream span", () => {
    const trace = [streamText, doStream];
    expect(buildConversation(trace)).toEqual([
      { role: "system", parts: [text(SYSTEM)], spanId: "s-inner" },
      { role: "user", parts: [text("Hi")], spanId: "s-inner" },
      { role: "assistant", parts: [text("Hello! How can I help?")], spanId: "s-inner" },
    ]);
    expect(summarizeTrace(trace)).toMatchObject({
      models: ["claude-sonnet-4-20250514"],
      provider: "anthropic",
      inputTokens: 12,
      outputTokens: 7,
      totalTokens: 19,
      timeToFirstTokenMs: 412.5,
    });
  });

  it("falls back to the ai.stream.firstChunk event for time to first chunk", () => {
    const attributes = { ...doStream.attributes, "ai.response.msToFirstChunk": undefined };
    expect(readSpan({ ...doStream, attributes }).timeToFirstTokenMs).toBe(412.5);
  });

  it("marks a failed tool from the span status and the error-text output, once", () => {
    const conversation = buildConversation([failedTool, afterFailure]);
    expect(conversation.map((m) => [m.role, m.spanId])).toEqual([
      ["user", "f-step-2"],
      ["assistant", "f-step-2"],
      ["tool", "f-tool"],
      ["assistant", "f-step-2"],
    ]);
    expect(conversation[1]?.parts).toEqual([toolCall("call_9", "get_weather", { city: "Atlantis" })]);
    expect(conversation[2]?.parts).toEqual([
      { type: "tool_result", id: "call_9", result: "City not found: Atlantis", isError: true },
    ]);
    expect(summarizeTrace([failedTool, afterFailure])).toMatchObject({ status: "error", errorCount: 1 });
  });

  it("decodes JSON-encoded tool output, strings included", () => {
    const attributes = { ...toolCallSpan.attributes, "ai.toolCall.result": undefined, "ai.toolCall.output": '"18C"' };
    expect(readSpan({ ...toolCallSpan, attributes }).tool?.result).toBe("18C");
  });
});
