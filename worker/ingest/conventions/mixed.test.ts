import { describe, expect, it } from "vitest";
import type { IngestSpan } from "../../traces/model";
import { buildConversation, summarizeTrace } from "../genai";
import { span, T0, text, toolCall } from "../genai-fixtures";
import { ANSWER, firstCall, QUESTION, secondCall, SYSTEM } from "./openinference-fixtures";

// One trace, three conventions: a GenAI agent span, OpenInference LLM spans (an OpenAI instrumentor under a
// GenAI-instrumented agent framework), a GenAI execute_tool span and an OpenLLMetry side call for a chat title.

const underAgent = (child: IngestSpan): IngestSpan => ({ ...child, parentSpanId: "mix-agent" });

const agent = span("mix-agent", 0, {
  name: "invoke_agent weather",
  endedAt: T0 + 5000,
  attributes: {
    "gen_ai.operation.name": "invoke_agent",
    "gen_ai.agent.name": "weather",
    "session.id": "chat-42",
    // The framework's own total over its calls: must not be added to the calls' usage.
    "gen_ai.usage.input_tokens": 280,
    "gen_ai.usage.output_tokens": 30,
  },
});

const tool = span("mix-tool", 1000, {
  name: "execute_tool get_weather",
  parentSpanId: "mix-agent",
  attributes: {
    "gen_ai.operation.name": "execute_tool",
    "gen_ai.tool.name": "get_weather",
    "gen_ai.tool.call.id": "call_Xy12",
    "gen_ai.tool.call.arguments": '{"city": "Paris"}',
    "gen_ai.tool.call.result": "18°C and sunny",
  },
});

const titleCall = span("mix-title", 3000, {
  name: "openai.chat",
  parentSpanId: "mix-agent",
  attributes: {
    "llm.request.type": "chat",
    "gen_ai.system": "openai",
    "gen_ai.request.model": "gpt-4o-mini",
    "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
    "gen_ai.prompt.0.role": "user",
    "gen_ai.prompt.0.content": `Title for: ${QUESTION}`,
    "gen_ai.completion.0.role": "assistant",
    "gen_ai.completion.0.content": "Paris weather",
    "gen_ai.usage.prompt_tokens": 20,
    "gen_ai.usage.completion_tokens": 4,
    "llm.usage.total_tokens": 24,
  },
});

const trace = [titleCall, underAgent(secondCall), tool, agent, underAgent(firstCall)];

describe("a trace mixing conventions", () => {
  it("keeps the longest history and pairs the GenAI tool span with the OpenInference call by id", () => {
    expect(buildConversation(trace)).toEqual([
      { role: "system", parts: [text(SYSTEM)], spanId: "oi-llm-1" },
      { role: "user", parts: [text(QUESTION)], spanId: "oi-llm-1" },
      { role: "assistant", parts: [toolCall("call_Xy12", "get_weather", { city: "Paris" })], spanId: "oi-llm-1" },
      {
        role: "tool",
        parts: [{ type: "tool_result", id: "call_Xy12", result: "18°C and sunny" }],
        spanId: "mix-tool",
      },
      { role: "assistant", parts: [text(ANSWER)], spanId: "oi-llm-2" },
    ]);
  });

  it("sums the innermost usage of every convention once", () => {
    expect(summarizeTrace(trace)).toEqual({
      name: "invoke_agent weather",
      startedAt: T0,
      endedAt: T0 + 5000,
      durationMs: 5000,
      status: "ok",
      models: ["gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18"],
      provider: "openai",
      inputTokens: 300,
      outputTokens: 34,
      totalTokens: 334,
      cost: expect.closeTo(0.001, 12),
      timeToFirstTokenMs: null,
      sessionId: "chat-42",
      userId: "user-7",
      environment: null,
      tags: ["beta", "weather"],
      metadata: { plan: "pro", retries: "2" },
      spanCount: 5,
      toolCallCount: 1,
      errorCount: 0,
    });
  });
});
