import { SpanKind, SpanStatusCode, context, trace, type Span, type Tracer } from "@opentelemetry/api";
import { generateText, isStepCount, tool } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { afterEach, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import {
  aiSdkTelemetry,
  conversationOf,
  describeSpans,
  settledTrace,
  singleTraceId,
  startTracing,
  type AiSdkIntegration,
  type ConversationMessage,
  type OtlpProtocol,
  type Tracing,
} from "./exporter-support";

// Real tracing clients export to the running app; what is asserted is the conversation and totals the app built
// from their spans, i.e. what a reviewer would see for that trace.

const baseUrl = inject("baseUrl");
const ingestKey = inject("ingestKey");
const adminKey = inject("adminKey");

const running: Tracing[] = [];
function tracing(protocol: OtlpProtocol, serviceName: string): Tracing {
  const started = startTracing({ baseUrl, ingestKey, protocol, serviceName });
  running.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.shutdown()));
});

interface WeatherCase {
  city: string;
  callId: string;
  weather: { temperatureC: number; conditions: string };
  answer: string;
}

const SYSTEM = "You are a weather assistant. Use the get_weather tool for current conditions.";
const question = (city: string): string => `What's the weather in ${city} right now?`;

/** Explicit, spaced-out times: the app orders a trace by span start, and real loops never start two calls at once. */
function at(base: number, offsetMs: number): Date {
  return new Date(base + offsetMs);
}

function childOf(parent: Span) {
  // BasicTracerProvider registers no context manager, so the parent is passed explicitly rather than via activation.
  return trace.setSpan(context.active(), parent);
}

/**
 * The spans an OTel GenAI-instrumented agent emits for one tool round trip, in the current conventions: the model
 * asks for get_weather, the tool runs, and the model answers with the full history (tool result included) as input.
 */
function emitWeatherAgent(tracer: Tracer, c: WeatherCase): string {
  const t0 = Date.now() - 5_000;
  const root = tracer.startSpan("weather-agent", { kind: SpanKind.INTERNAL, startTime: at(t0, 0) });
  const parent = childOf(root);
  const chat = { "gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai", "gen_ai.request.model": "gpt-4o-mini" };
  const system = JSON.stringify([{ type: "text", content: SYSTEM }]);
  const user = { role: "user", parts: [{ type: "text", content: question(c.city) }] };
  const callArguments = { city: c.city };
  const toolCall = { type: "tool_call", id: c.callId, name: "get_weather", arguments: callArguments };

  const first = tracer.startSpan(`chat gpt-4o-mini`, { kind: SpanKind.CLIENT, startTime: at(t0, 10), attributes: chat }, parent);
  first.setAttributes({
    "gen_ai.system_instructions": system,
    "gen_ai.input.messages": JSON.stringify([user]),
    "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts: [toolCall], finish_reason: "tool_call" }]),
    "gen_ai.response.finish_reasons": ["tool_call"],
    "gen_ai.usage.input_tokens": 52,
    "gen_ai.usage.output_tokens": 17,
  });
  first.end(at(t0, 800));

  const tool = tracer.startSpan(
    "execute_tool get_weather",
    {
      kind: SpanKind.INTERNAL,
      startTime: at(t0, 810),
      attributes: {
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": "get_weather",
        "gen_ai.tool.type": "function",
        "gen_ai.tool.call.id": c.callId,
        "gen_ai.tool.call.arguments": JSON.stringify(callArguments),
        "gen_ai.tool.call.result": JSON.stringify(c.weather),
      },
    },
    parent,
  );
  tool.end(at(t0, 900));

  const second = tracer.startSpan(`chat gpt-4o-mini`, { kind: SpanKind.CLIENT, startTime: at(t0, 910), attributes: chat }, parent);
  second.setAttributes({
    "gen_ai.system_instructions": system,
    "gen_ai.input.messages": JSON.stringify([
      user,
      { role: "assistant", parts: [toolCall] },
      { role: "tool", parts: [{ type: "tool_call_response", id: c.callId, response: c.weather }] },
    ]),
    "gen_ai.output.messages": JSON.stringify([
      { role: "assistant", parts: [{ type: "text", content: c.answer }], finish_reason: "stop" },
    ]),
    "gen_ai.response.finish_reasons": ["stop"],
    "gen_ai.usage.input_tokens": 96,
    "gen_ai.usage.output_tokens": 21,
  });
  second.end(at(t0, 1_700));

  root.setStatus({ code: SpanStatusCode.OK });
  root.end(at(t0, 1_710));
  return root.spanContext().traceId;
}

function weatherConversation(c: WeatherCase): ConversationMessage[] {
  return [
    { role: "system", parts: [{ type: "text", content: SYSTEM }] },
    { role: "user", parts: [{ type: "text", content: question(c.city) }] },
    { role: "assistant", parts: [{ type: "tool_call", id: c.callId, name: "get_weather", arguments: { city: c.city } }] },
    { role: "tool", parts: [{ type: "tool_result", id: c.callId, result: c.weather }] },
    { role: "assistant", parts: [{ type: "text", content: c.answer }] },
  ];
}

describe("OpenTelemetry JS SDK over OTLP/HTTP, GenAI semantic conventions", () => {
  const cases: Array<{ protocol: OtlpProtocol; weather: WeatherCase }> = [
    {
      protocol: "json",
      weather: { city: "Paris", callId: "call_paris_1", weather: { temperatureC: 18, conditions: "sunny" }, answer: "It's 18 °C and sunny in Paris." },
    },
    {
      protocol: "protobuf",
      weather: { city: "Lisbon", callId: "call_lisbon_1", weather: { temperatureC: 24, conditions: "clear" }, answer: "Lisbon is clear at 24 °C." },
    },
  ];

  it.each(cases)(
    "$protocol exporter: an agent loop (chat → execute_tool → chat) becomes system, user, tool call paired with its result, answer",
    async ({ protocol, weather }) => {
      const client = tracing(protocol, `weather-agent-${protocol}`);
      const traceId = emitWeatherAgent(client.tracer, weather);
      await client.flush();

      const view = await settledTrace({ baseUrl, adminKey, traceId });
      const emitted = describeSpans(client.finishedSpans());
      expect(conversationOf(view), emitted).toEqual(weatherConversation(weather));
      expect(view.summary).toMatchObject({
        name: "weather-agent",
        models: ["gpt-4o-mini"],
        provider: "openai",
        inputTokens: 52 + 96,
        outputTokens: 17 + 21,
        spanCount: 4,
        toolCallCount: 1,
      });
    },
  );
});

// AI SDK 7 language-model results, as a provider would return them to generateText.
const usage = (input: number, output: number) => ({
  inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: output, text: output, reasoning: undefined },
});
const textResult = (text: string, input: number, output: number) => ({
  content: [{ type: "text" as const, text }],
  finishReason: { unified: "stop" as const, raw: "stop" },
  usage: usage(input, output),
  warnings: [],
});

const integrations: AiSdkIntegration[] = ["OpenTelemetry", "LegacyOpenTelemetry"];

describe.each(integrations)("Vercel AI SDK 7 generateText, %s from @ai-sdk/otel exported over OTLP/HTTP JSON", (integration) => {
  it("a plain answer becomes the user prompt and the assistant text, with the call's model and tokens", async () => {
    const client = tracing("json", "ai-sdk-plain");
    const model = new MockLanguageModelV4({
      provider: "openai.chat",
      modelId: "gpt-4o-mini",
      doGenerate: [textResult("Hello, reviewers! Everything is ready for you.", 14, 9)],
    });

    const result = await generateText({
      model,
      prompt: "Greet the reviewers in one sentence.",
      telemetry: { isEnabled: true, functionId: "greeter", integrations: aiSdkTelemetry(integration, client.tracer) },
    });
    expect(result.text).toBe("Hello, reviewers! Everything is ready for you.");
    await client.flush();

    const spans = client.finishedSpans();
    const view = await settledTrace({ baseUrl, adminKey, traceId: singleTraceId(spans) });
    const emitted = describeSpans(spans);
    expect(conversationOf(view), emitted).toEqual([
      { role: "user", parts: [{ type: "text", content: "Greet the reviewers in one sentence." }] },
      { role: "assistant", parts: [{ type: "text", content: "Hello, reviewers! Everything is ready for you." }] },
    ]);
    // The root span repeats the call's usage as the operation total; counting both would double the tokens.
    expect(view.summary, emitted).toMatchObject({ models: ["gpt-4o-mini"], provider: "openai", inputTokens: 14, outputTokens: 9 });
  });

  it("a two-step tool run becomes prompt, tool call paired with the tool's result, and the final answer", async () => {
    const client = tracing("json", "ai-sdk-tools");
    const weather = { temperatureC: 11, conditions: "light rain" };
    const model = new MockLanguageModelV4({
      provider: "openai.chat",
      modelId: "gpt-4o-mini",
      doGenerate: [
        {
          content: [{ type: "tool-call", toolCallId: "call_oslo_1", toolName: "get_weather", input: JSON.stringify({ city: "Oslo" }) }],
          finishReason: { unified: "tool-calls", raw: "tool_calls" },
          usage: usage(40, 12),
          warnings: [],
        },
        textResult("It's 11 °C with light rain in Oslo.", 71, 15),
      ],
    });

    const result = await generateText({
      model,
      prompt: "What's the weather in Oslo?",
      tools: {
        get_weather: tool({
          description: "Current weather for a city",
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => (city === "Oslo" ? weather : { temperatureC: null, conditions: "unknown" }),
        }),
      },
      // The default stops after the step that called the tool; the second step is the model reading the result.
      stopWhen: isStepCount(2),
      telemetry: { isEnabled: true, functionId: "weather-agent", integrations: aiSdkTelemetry(integration, client.tracer) },
    });
    expect(result.text).toBe("It's 11 °C with light rain in Oslo.");
    await client.flush();

    const spans = client.finishedSpans();
    const view = await settledTrace({ baseUrl, adminKey, traceId: singleTraceId(spans) });
    const emitted = describeSpans(spans);
    expect(conversationOf(view), emitted).toEqual([
      { role: "user", parts: [{ type: "text", content: "What's the weather in Oslo?" }] },
      { role: "assistant", parts: [{ type: "tool_call", id: "call_oslo_1", name: "get_weather", arguments: { city: "Oslo" } }] },
      { role: "tool", parts: [{ type: "tool_result", id: "call_oslo_1", result: weather }] },
      { role: "assistant", parts: [{ type: "text", content: "It's 11 °C with light rain in Oslo." }] },
    ]);
    expect(view.summary, emitted).toMatchObject({
      models: ["gpt-4o-mini"],
      provider: "openai",
      inputTokens: 40 + 71,
      outputTokens: 12 + 15,
      toolCallCount: 1,
    });
  });
});
