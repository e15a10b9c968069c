import type { IngestSpan, SpanEvent } from "../traces/model";

// Small builders for GenAI test traces, so each test states only what it is about.

export const T0 = Date.UTC(2025, 0, 1);
export const TRACE_ID = "5b8efff798038103d269b633813fc60c";

export function span(spanId: string, at: number, overrides: Partial<IngestSpan> = {}): IngestSpan {
  return {
    traceId: TRACE_ID,
    spanId,
    parentSpanId: null,
    name: spanId,
    kind: 1,
    startedAt: T0 + at,
    endedAt: T0 + at + 100,
    statusCode: 0,
    statusMessage: null,
    attributes: {},
    events: [],
    resource: {},
    ...overrides,
  };
}

export const json = (value: unknown) => JSON.stringify(value);
export const text = (content: string) => ({ type: "text", content });
export const user = (content: string) => ({ role: "user", parts: [text(content)] });
export const toolCall = (id: string, name: string, args: unknown) => ({ type: "tool_call", id, name, arguments: args });

export function chat(
  spanId: string,
  at: number,
  input: unknown[],
  output: unknown[],
  extra: Record<string, unknown> = {}
): IngestSpan {
  return span(spanId, at, {
    name: "chat gpt-4o",
    parentSpanId: "agent",
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.input.messages": json(input),
      "gen_ai.output.messages": json(output),
      ...extra,
    },
  });
}

export function toolSpan(
  spanId: string,
  at: number,
  callId: string | null,
  result: unknown,
  statusCode = 0
): IngestSpan {
  const attributes: Record<string, unknown> = {
    "gen_ai.operation.name": "execute_tool",
    "gen_ai.tool.name": "get_weather",
    "gen_ai.tool.call.arguments": json({ city: "Paris" }),
  };
  if (callId !== null) attributes["gen_ai.tool.call.id"] = callId;
  if (result !== undefined) attributes["gen_ai.tool.call.result"] = result;
  return span(spanId, at, { name: "execute_tool get_weather", parentSpanId: "agent", statusCode, attributes });
}

export const event = (name: string, attributes: Record<string, unknown>): SpanEvent => ({ name, time: T0, attributes });
