import { span, T0 } from "../genai-fixtures";

// An agent traced with the Traceloop SDK (OpenLLMetry, Python): a @workflow span, two OpenAI chat calls with
// flattened gen_ai.prompt.N / gen_ai.completion.N attributes, and a @tool span whose payloads are JSON of the
// decorated function's arguments and return value. Association properties are copied onto every span.

const association = {
  "traceloop.association.properties.session_id": "sess-ol",
  "traceloop.association.properties.user_id": "u-ol",
  "traceloop.association.properties.plan": "pro",
};

export const SYSTEM = "You are a weather assistant.";
export const QUESTION = "What is the weather in Paris?";
export const ANSWER = "It is 18°C and sunny in Paris.";
export const WEATHER = '{"temperature_c": 18, "condition": "sunny"}';

export const workflow = span("ol-workflow", 0, {
  name: "weather_agent.workflow",
  endedAt: T0 + 3000,
  attributes: {
    ...association,
    "traceloop.span.kind": "workflow",
    "traceloop.workflow.name": "weather_agent",
    "traceloop.entity.name": "weather_agent",
    "traceloop.entity.input": JSON.stringify({ args: [QUESTION], kwargs: {} }),
    "traceloop.entity.output": JSON.stringify(ANSWER),
  },
});

export const firstChat = span("ol-chat-1", 100, {
  name: "openai.chat",
  parentSpanId: "ol-workflow",
  kind: 3,
  attributes: {
    ...association,
    "traceloop.workflow.name": "weather_agent",
    "llm.request.type": "chat",
    "gen_ai.system": "openai",
    "gen_ai.request.model": "gpt-4o-mini",
    "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
    "llm.is_streaming": false,
    "llm.request.functions.0.name": "get_weather",
    "gen_ai.prompt.0.role": "system",
    "gen_ai.prompt.0.content": SYSTEM,
    "gen_ai.prompt.1.role": "user",
    "gen_ai.prompt.1.content": QUESTION,
    "gen_ai.completion.0.role": "assistant",
    "gen_ai.completion.0.finish_reason": "tool_calls",
    "gen_ai.completion.0.tool_calls.0.id": "call_1",
    "gen_ai.completion.0.tool_calls.0.name": "get_weather",
    "gen_ai.completion.0.tool_calls.0.arguments": '{"city":"Paris"}',
    "gen_ai.usage.prompt_tokens": 85,
    "gen_ai.usage.completion_tokens": 16,
    "llm.usage.total_tokens": 101,
  },
});

export const toolTask = span("ol-tool", 900, {
  name: "get_weather.tool",
  parentSpanId: "ol-workflow",
  attributes: {
    ...association,
    "traceloop.span.kind": "tool",
    "traceloop.workflow.name": "weather_agent",
    "traceloop.entity.name": "get_weather",
    "traceloop.entity.input": JSON.stringify({ args: [], kwargs: { city: "Paris" } }),
    "traceloop.entity.output": WEATHER,
  },
});

export const secondChat = span("ol-chat-2", 1200, {
  name: "openai.chat",
  parentSpanId: "ol-workflow",
  kind: 3,
  attributes: {
    ...association,
    "llm.request.type": "chat",
    "gen_ai.system": "openai",
    "gen_ai.request.model": "gpt-4o-mini",
    "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
    "gen_ai.prompt.0.role": "system",
    "gen_ai.prompt.0.content": SYSTEM,
    "gen_ai.prompt.1.role": "user",
    "gen_ai.prompt.1.content": QUESTION,
    "gen_ai.prompt.2.role": "assistant",
    "gen_ai.prompt.2.tool_calls.0.id": "call_1",
    "gen_ai.prompt.2.tool_calls.0.name": "get_weather",
    "gen_ai.prompt.2.tool_calls.0.arguments": '{"city":"Paris"}',
    "gen_ai.prompt.3.role": "tool",
    "gen_ai.prompt.3.content": WEATHER,
    "gen_ai.prompt.3.tool_call_id": "call_1",
    "gen_ai.completion.0.role": "assistant",
    "gen_ai.completion.0.content": ANSWER,
    "gen_ai.completion.0.finish_reason": "stop",
    "gen_ai.usage.prompt_tokens": 130,
    "gen_ai.usage.completion_tokens": 14,
    "llm.usage.total_tokens": 144,
  },
});

/** Anthropic instrumentation: list content is serialized as JSON blocks, tool use included. */
export const anthropicChat = span("ol-claude", 0, {
  name: "anthropic.chat",
  attributes: {
    "llm.request.type": "chat",
    "gen_ai.system": "Anthropic",
    "gen_ai.request.model": "claude-3-5-sonnet-20241022",
    "gen_ai.prompt.0.role": "user",
    "gen_ai.prompt.0.content": JSON.stringify([{ type: "text", text: QUESTION }]),
    "gen_ai.prompt.1.role": "assistant",
    "gen_ai.prompt.1.content": JSON.stringify([
      { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } },
    ]),
    "gen_ai.prompt.2.role": "user",
    "gen_ai.prompt.2.content": JSON.stringify([{ type: "tool_result", tool_use_id: "toolu_1", content: "18°C" }]),
    "gen_ai.completion.0.role": "assistant",
    "gen_ai.completion.0.content": ANSWER,
    "gen_ai.completion.0.finish_reason": "end_turn",
    "gen_ai.usage.prompt_tokens": 410,
    "gen_ai.usage.completion_tokens": 12,
  },
});

/** Pre-2024 attribute names, on a legacy completions call (the prompt text sits under `user`). */
export const legacyCompletion = span("ol-legacy", 0, {
  name: "openai.completion",
  attributes: {
    "llm.request.type": "completion",
    "llm.vendor": "OpenAI",
    "llm.request.model": "gpt-3.5-turbo-instruct",
    "llm.prompts.0.user": "Say hi",
    "llm.completions.0.content": "Hi!",
    "llm.completions.0.finish_reason": "stop",
    "llm.usage.prompt_tokens": 3,
    "llm.usage.completion_tokens": 2,
    "llm.usage.total_tokens": 5,
  },
});
