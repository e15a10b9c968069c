import type { IngestSpan, Message, MessagePart } from "../../traces/model";
import {
  attrNumber,
  attrText,
  decodeStructured,
  firstNumber,
  firstText,
  isRecord,
  jsonValue,
  textValues,
  underPrefix,
} from "./attrs";
import { messagesFrom, textMessages } from "./messages";
import { splitByRole, str, textPart, toolCallPart } from "./parts";
import type { Convention, SpanLabels, ToolExecution } from "./types";

// Vercel AI SDK `experimental_telemetry`. An outer span (ai.generateText, ai.streamText, ...) wraps one inner
// provider call (….doGenerate / ….doStream) per step; the outer repeats the first prompt, the last answer and
// the summed usage. Only inner spans are LLM calls, so nothing is counted or shown twice.

const OUTER = ["ai.generateText", "ai.streamText", "ai.generateObject", "ai.streamObject"];
const INNER = new Set([
  "ai.generateText.doGenerate",
  "ai.streamText.doStream",
  "ai.generateObject.doGenerate",
  "ai.streamObject.doStream",
]);
const TOOL_CALL = "ai.toolCall";
const FIRST_CHUNK_EVENT = "ai.stream.firstChunk";

/** `ai.operationId` names the operation; the span name does too, unless a sender renamed the span. */
function operationOf(span: IngestSpan): string | null {
  const id = attrText(span.attributes, "ai.operationId");
  if (id !== null) return id;
  return span.name === TOOL_CALL || OUTER.includes(span.name) || INNER.has(span.name) ? span.name : null;
}

/** The arguments passed to generateText & co: {system?, prompt?: string | messages, messages?}. */
function callerPrompt(span: IngestSpan): Message[] {
  const prompt = decodeStructured(span.attributes["ai.prompt"]);
  if (typeof prompt === "string") return textMessages(prompt, "user", span.spanId);
  if (!isRecord(prompt)) return [];
  const system = typeof prompt.system === "string" ? textMessages(prompt.system, "system", span.spanId) : [];
  const input = prompt.messages ?? prompt.prompt;
  return [...system, ...(input == null ? [] : messagesFrom(input, "user", span.spanId))];
}

function inputMessages(span: IngestSpan): Message[] {
  const operation = operationOf(span);
  if (operation !== null && INNER.has(operation)) {
    const messages = span.attributes["ai.prompt.messages"];
    return messages == null ? [] : messagesFrom(messages, "user", span.spanId);
  }
  return operation !== null && OUTER.includes(operation) ? callerPrompt(span) : [];
}

/** ai.response.toolCalls: SDK 4 items are {toolCallId, toolName, args}, SDK 5 items {toolCallId, toolName, input}. */
function responseToolCalls(raw: unknown): MessagePart[] {
  const list = decodeStructured(raw);
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const name = isRecord(item) ? str(item.toolName) : null;
    return isRecord(item) && name !== null ? [toolCallPart(item.toolCallId, name, item.input ?? item.args)] : [];
  });
}

function outputMessages(span: IngestSpan): Message[] {
  if (operationOf(span) === null) return [];
  const attrs = span.attributes;
  const texts = [attrText(attrs, "ai.response.text"), attrText(attrs, "ai.response.object")];
  const parts = [
    ...texts.filter((t): t is string => t !== null).map(textPart),
    ...responseToolCalls(attrs["ai.response.toolCalls"]),
  ];
  return splitByRole("assistant", parts, span.spanId);
}

/** Provider ids name the API too ("openai.chat", "anthropic.messages"); the vendor is the first segment. */
function provider(span: IngestSpan): string | null {
  const raw = attrText(span.attributes, "ai.model.provider");
  return raw === null ? null : raw.split(".")[0] ?? raw;
}

function timeToFirstTokenMs(span: IngestSpan): number | null {
  const attrs = span.attributes;
  const own = firstNumber(attrs, ["ai.response.msToFirstChunk", "ai.stream.msToFirstChunk"]);
  if (own !== null) return own;
  const event = span.events.find((e) => e.name === FIRST_CHUNK_EVENT);
  return event ? attrNumber(event.attributes, "ai.response.msToFirstChunk") : null;
}

function toolExecution(span: IngestSpan): ToolExecution {
  const attrs = span.attributes;
  return {
    id: attrText(attrs, "ai.toolCall.id"),
    name: attrText(attrs, "ai.toolCall.name"),
    arguments: decodeStructured(attrs["ai.toolCall.input"] ?? attrs["ai.toolCall.args"] ?? null),
    // Results are JSON.stringify'd by the SDK, strings included.
    result: jsonValue(attrs["ai.toolCall.output"] ?? attrs["ai.toolCall.result"]),
    error: null,
  };
}

const SESSION_KEYS = ["sessionId", "session_id"];
const USER_KEYS = ["userId", "user_id"];

/** The SDK has no session or user fields; by common practice they travel as telemetry metadata. */
function labels(span: IngestSpan): SpanLabels {
  const metadata = underPrefix(span.attributes, "ai.telemetry.metadata");
  const rest = Object.entries(metadata).filter(([key]) => !SESSION_KEYS.includes(key) && !USER_KEYS.includes(key));
  const functionId = attrText(span.attributes, "ai.telemetry.functionId");
  if (functionId !== null) rest.push(["functionId", functionId]);
  return {
    sessionId: firstText(metadata, SESSION_KEYS),
    userId: firstText(metadata, USER_KEYS),
    tags: [],
    metadata: textValues(Object.fromEntries(rest)),
  };
}

export const vercelAi: Convention = {
  name: "vercel-ai",
  isLlmCall: (span) => INNER.has(operationOf(span) ?? ""),
  inputMessages,
  outputMessages,
  model: (span) => firstText(span.attributes, ["ai.response.model", "gen_ai.response.model", "ai.model.id"]),
  provider,
  usage: (span) => ({
    input: firstNumber(span.attributes, ["ai.usage.inputTokens", "ai.usage.promptTokens"]),
    output: firstNumber(span.attributes, ["ai.usage.outputTokens", "ai.usage.completionTokens"]),
    total: firstNumber(span.attributes, ["ai.usage.totalTokens"]),
  }),
  cost: () => null,
  timeToFirstTokenMs,
  finishReason: (span) => attrText(span.attributes, "ai.response.finishReason"),
  isToolExecution: (span) => operationOf(span) === TOOL_CALL,
  toolExecution,
  labels,
};
