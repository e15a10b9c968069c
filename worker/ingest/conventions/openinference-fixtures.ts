import { span, T0 } from "../genai-fixtures";

// A LangChain agent traced with OpenInference (Arize Phoenix): the agent span, an LLM call that asks for a tool,
// the tool run (TOOL spans carry no call id) and the LLM call that answers. Attribute names and value shapes follow
// the OpenInference spec; the context attributes (session, user, metadata, tags) propagate to every span.

const context = {
  "session.id": "chat-42",
  "user.id": "user-7",
  metadata: '{"plan": "pro", "retries": 2}',
  "tag.tags": ["beta", "weather"],
};

export const SYSTEM = "You are a weather assistant.";
export const QUESTION = "What is the weather in Paris?";
export const ANSWER = "It is 18°C and sunny in Paris.";

export const agent = span("oi-agent", 0, {
  name: "AgentExecutor",
  endedAt: T0 + 4000,
  statusCode: 1,
  resource: { "service.name": "weather-bot", "deployment.environment.name": "staging" },
  attributes: {
    ...context,
    "openinference.span.kind": "AGENT",
    "input.value": JSON.stringify({ input: QUESTION }),
    "input.mime_type": "application/json",
    "output.value": JSON.stringify({ output: ANSWER }),
    "output.mime_type": "application/json",
  },
});

export const firstCall = span("oi-llm-1", 100, {
  name: "ChatOpenAI",
  parentSpanId: "oi-agent",
  statusCode: 1,
  attributes: {
    ...context,
    "openinference.span.kind": "LLM",
    "llm.system": "openai",
    "llm.provider": "openai",
    "llm.model_name": "gpt-4o-2024-08-06",
    "llm.invocation_parameters": '{"temperature": 0}',
    "llm.tools.0.tool.json_schema": '{"type": "function", "function": {"name": "get_weather"}}',
    "llm.input_messages.0.message.role": "system",
    "llm.input_messages.0.message.content": SYSTEM,
    "llm.input_messages.1.message.role": "user",
    "llm.input_messages.1.message.content": QUESTION,
    "llm.output_messages.0.message.role": "assistant",
    "llm.output_messages.0.message.tool_calls.0.tool_call.id": "call_Xy12",
    "llm.output_messages.0.message.tool_calls.0.tool_call.function.name": "get_weather",
    "llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments": '{"city": "Paris"}',
    "llm.token_count.prompt": 120,
    "llm.token_count.completion": 18,
    "llm.token_count.total": 138,
    "llm.cost.prompt": 0.0003,
    "llm.cost.completion": 0.00018,
    "llm.cost.total": 0.00048,
  },
});

export const toolRun = span("oi-tool", 1000, {
  name: "get_weather",
  parentSpanId: "oi-agent",
  statusCode: 1,
  attributes: {
    ...context,
    "openinference.span.kind": "TOOL",
    "tool.name": "get_weather",
    "tool.description": "Current weather for a city",
    "tool.parameters": '{"type": "object", "properties": {"city": {"type": "string"}}}',
    "input.value": '{"city": "Paris"}',
    "input.mime_type": "application/json",
    "output.value": "18°C and sunny",
    "output.mime_type": "text/plain",
  },
});

export const secondCall = span("oi-llm-2", 1500, {
  name: "ChatOpenAI",
  parentSpanId: "oi-agent",
  statusCode: 1,
  attributes: {
    ...context,
    "openinference.span.kind": "LLM",
    "llm.system": "openai",
    "llm.provider": "openai",
    "llm.model_name": "gpt-4o-2024-08-06",
    "llm.input_messages.0.message.role": "system",
    "llm.input_messages.0.message.content": SYSTEM,
    "llm.input_messages.1.message.role": "user",
    "llm.input_messages.1.message.content": QUESTION,
    "llm.input_messages.2.message.role": "assistant",
    "llm.input_messages.2.message.tool_calls.0.tool_call.id": "call_Xy12",
    "llm.input_messages.2.message.tool_calls.0.tool_call.function.name": "get_weather",
    "llm.input_messages.2.message.tool_calls.0.tool_call.function.arguments": '{"city": "Paris"}',
    "llm.input_messages.3.message.role": "tool",
    "llm.input_messages.3.message.content": "18°C and sunny",
    "llm.input_messages.3.message.tool_call_id": "call_Xy12",
    "llm.output_messages.0.message.role": "assistant",
    "llm.output_messages.0.message.content": ANSWER,
    "llm.token_count.prompt": 160,
    "llm.token_count.completion": 12,
    "llm.token_count.total": 172,
    "llm.cost.total": 0.00052,
  },
});

/** An OpenAI-instrumentor LLM span with multimodal contents instead of message.content. */
export const multimodalCall = span("oi-vision", 0, {
  name: "ChatCompletion",
  attributes: {
    "openinference.span.kind": "LLM",
    "llm.model_name": "gpt-4o-mini",
    "llm.input_messages.0.message.role": "user",
    "llm.input_messages.0.message.contents.0.message_content.type": "text",
    "llm.input_messages.0.message.contents.0.message_content.text": "What is in this picture?",
    "llm.input_messages.0.message.contents.1.message_content.type": "image",
    "llm.input_messages.0.message.contents.1.message_content.image.image.url": "https://example.com/cat.png",
    "llm.output_messages.0.message.role": "assistant",
    "llm.output_messages.0.message.content": "A cat.",
  },
});

/** Message capture off (OPENINFERENCE_HIDE_INPUT_MESSAGES): only the raw request and response remain. */
export const rawPayloadCall = span("oi-raw", 0, {
  name: "ChatCompletion",
  attributes: {
    "openinference.span.kind": "LLM",
    "llm.model_name": "gpt-4o-mini",
    "input.value": JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }),
    "input.mime_type": "application/json",
    "output.value": JSON.stringify({
      id: "chatcmpl-1",
      choices: [{ index: 0, message: { role: "assistant", content: "Hello!" }, finish_reason: "stop" }],
    }),
    "output.mime_type": "application/json",
  },
});
