import { span, T0 } from "../genai-fixtures";

// Vercel AI SDK `experimental_telemetry` spans, as documented under "Collected data": one outer span per call,
// one inner doGenerate / doStream span per step (which also carries gen_ai.* attributes), one ai.toolCall span
// per tool execution. Every span names its operation; model and metadata are on the outer and inner spans only.

export const SYSTEM = "You are a weather assistant.";
export const QUESTION = "What is the weather in Paris?";
export const ANSWER = "It is 18°C and sunny in Paris.";

const operation = (operationId: string) => ({
  "operation.name": `${operationId} weather-chat`,
  "ai.operationId": operationId,
  "resource.name": "weather-chat",
  "ai.telemetry.functionId": "weather-chat",
});

const telemetry = (operationId: string) => ({
  ...operation(operationId),
  "ai.telemetry.metadata.sessionId": "sess-v",
  "ai.telemetry.metadata.userId": "u-v",
  "ai.telemetry.metadata.plan": "pro",
  "ai.model.id": "gpt-4o",
  "ai.model.provider": "openai.chat",
});

const system = { role: "system", content: SYSTEM };
const question = { role: "user", content: [{ type: "text", text: QUESTION }] };

// --- AI SDK 4: generateText({ tools, maxSteps: 2 }) ---

export const generateText = span("v-outer", 0, {
  name: "ai.generateText",
  endedAt: T0 + 3000,
  attributes: {
    ...telemetry("ai.generateText"),
    "ai.settings.maxSteps": 2,
    "ai.prompt": JSON.stringify({ system: SYSTEM, prompt: QUESTION }),
    "ai.response.text": ANSWER,
    "ai.response.finishReason": "stop",
    // The sum over both steps: counting it as well would double the trace's usage.
    "ai.usage.promptTokens": 215,
    "ai.usage.completionTokens": 30,
  },
});

export const firstStep = span("v-step-1", 10, {
  name: "ai.generateText.doGenerate",
  parentSpanId: "v-outer",
  kind: 3,
  attributes: {
    ...telemetry("ai.generateText.doGenerate"),
    "ai.prompt.format": "prompt",
    "ai.prompt.messages": JSON.stringify([system, question]),
    "ai.prompt.tools": [JSON.stringify({ type: "function", name: "get_weather", parameters: { type: "object" } })],
    "ai.prompt.toolChoice": JSON.stringify({ type: "auto" }),
    "ai.response.toolCalls": JSON.stringify([
      { toolCallType: "function", toolCallId: "call_1", toolName: "get_weather", args: '{"city":"Paris"}' },
    ]),
    "ai.response.finishReason": "tool-calls",
    "ai.response.id": "chatcmpl-1",
    "ai.response.model": "gpt-4o-2024-08-06",
    "ai.usage.promptTokens": 85,
    "ai.usage.completionTokens": 16,
    "gen_ai.system": "openai.chat",
    "gen_ai.request.model": "gpt-4o",
    "gen_ai.response.model": "gpt-4o-2024-08-06",
    "gen_ai.response.finish_reasons": ["tool-calls"],
    "gen_ai.usage.prompt_tokens": 85,
    "gen_ai.usage.completion_tokens": 16,
  },
});

export const toolCallSpan = span("v-tool", 900, {
  name: "ai.toolCall",
  parentSpanId: "v-outer",
  attributes: {
    ...operation("ai.toolCall"),
    "ai.toolCall.name": "get_weather",
    "ai.toolCall.id": "call_1",
    "ai.toolCall.args": '{"city":"Paris"}',
    "ai.toolCall.result": '{"temperatureC":18,"condition":"sunny"}',
  },
});

export const secondStep = span("v-step-2", 1000, {
  name: "ai.generateText.doGenerate",
  parentSpanId: "v-outer",
  kind: 3,
  attributes: {
    ...telemetry("ai.generateText.doGenerate"),
    "ai.prompt.format": "messages",
    "ai.prompt.messages": JSON.stringify([
      system,
      question,
      {
        role: "assistant",
        content: [{ type: "tool-call", toolCallId: "call_1", toolName: "get_weather", args: { city: "Paris" } }],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "call_1",
            toolName: "get_weather",
            result: { temperatureC: 18, condition: "sunny" },
          },
        ],
      },
    ]),
    "ai.response.text": ANSWER,
    "ai.response.finishReason": "stop",
    "ai.response.model": "gpt-4o-2024-08-06",
    "ai.usage.promptTokens": 130,
    "ai.usage.completionTokens": 14,
    "gen_ai.system": "openai.chat",
    "gen_ai.request.model": "gpt-4o",
    "gen_ai.response.model": "gpt-4o-2024-08-06",
    "gen_ai.usage.prompt_tokens": 130,
    "gen_ai.usage.completion_tokens": 14,
  },
});

// --- AI SDK 5: streamText, one step, newer usage names and time to first chunk ---

export const streamText = span("s-outer", 0, {
  name: "ai.streamText",
  endedAt: T0 + 1500,
  attributes: {
    ...telemetry("ai.streamText"),
    "ai.model.provider": "anthropic.messages",
    "ai.model.id": "claude-sonnet-4-20250514",
    "ai.prompt": JSON.stringify({ system: SYSTEM, messages: [{ role: "user", content: "Hi" }] }),
    "ai.response.text": "Hello! How can I help?",
    "ai.response.finishReason": "stop",
    "ai.usage.inputTokens": 12,
    "ai.usage.outputTokens": 7,
    "ai.usage.totalTokens": 19,
  },
});

export const doStream = span("s-inner", 5, {
  name: "ai.streamText.doStream",
  parentSpanId: "s-outer",
  kind: 3,
  attributes: {
    ...telemetry("ai.streamText.doStream"),
    "ai.model.provider": "anthropic.messages",
    "ai.model.id": "claude-sonnet-4-20250514",
    "ai.prompt.messages": JSON.stringify([
      { role: "system", content: SYSTEM },
      { role: "user", content: [{ type: "text", text: "Hi" }] },
    ]),
    "ai.response.text": "Hello! How can I help?",
    "ai.response.finishReason": "stop",
    "ai.response.msToFirstChunk": 412.5,
    "ai.response.msToFinish": 900,
    "ai.usage.inputTokens": 12,
    "ai.usage.outputTokens": 7,
    "ai.usage.totalTokens": 19,
    "gen_ai.system": "anthropic.messages",
    "gen_ai.request.model": "claude-sonnet-4-20250514",
    "gen_ai.usage.input_tokens": 12,
    "gen_ai.usage.output_tokens": 7,
  },
  events: [{ name: "ai.stream.firstChunk", time: T0 + 417, attributes: { "ai.response.msToFirstChunk": 412.5 } }],
});

// --- AI SDK 5: a tool that fails; the next step sees the error as an error-text tool output ---

export const failedTool = span("f-tool", 500, {
  name: "ai.toolCall",
  statusCode: 2,
  statusMessage: "City not found: Atlantis",
  attributes: {
    ...operation("ai.toolCall"),
    "ai.toolCall.name": "get_weather",
    "ai.toolCall.id": "call_9",
    "ai.toolCall.input": '{"city":"Atlantis"}',
  },
});

export const afterFailure = span("f-step-2", 1000, {
  name: "ai.generateText.doGenerate",
  attributes: {
    ...telemetry("ai.generateText.doGenerate"),
    "ai.prompt.messages": JSON.stringify([
      { role: "user", content: [{ type: "text", text: "Weather in Atlantis?" }] },
      {
        role: "assistant",
        content: [{ type: "tool-call", toolCallId: "call_9", toolName: "get_weather", input: { city: "Atlantis" } }],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "call_9",
            toolName: "get_weather",
            output: { type: "error-text", value: "City not found: Atlantis" },
          },
        ],
      },
    ]),
    "ai.response.text": "I could not find Atlantis.",
    "ai.usage.inputTokens": 40,
    "ai.usage.outputTokens": 8,
  },
});
