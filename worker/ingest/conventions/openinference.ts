import type { IngestSpan, Message, MessagePart } from "../../traces/model";
import {
  attrNumber,
  attrText,
  decodeStructured,
  firstNumber,
  firstText,
  hasIndexed,
  indexedGroups,
  isRecord,
  stringify,
  stringList,
  textValues,
} from "./attrs";
import { flatMessages, legacyContent, legacyMessage, messagesFrom, textMessages } from "./messages";
import { type Role, splitByRole, textPart, toolCallPart, toolResultPart, toRole } from "./parts";
import type { Convention, SpanLabels, ToolExecution } from "./types";

// OpenInference (Arize Phoenix): `openinference.span.kind`, messages flattened into
// `llm.input_messages.N.message.*`, raw payloads in `input.value` / `output.value`.

const kindOf = (span: IngestSpan): string | null =>
  attrText(span.attributes, "openinference.span.kind")?.toUpperCase() ?? null;

function isLlmCall(span: IngestSpan): boolean {
  const kind = kindOf(span);
  if (kind !== null) return kind === "LLM";
  // The kind is required by the spec, but some hand-rolled senders only set the messages.
  return hasIndexed(span.attributes, "llm.input_messages") || hasIndexed(span.attributes, "llm.output_messages");
}

/** `message.contents.N.message_content.*`: text is kept as text, media as its recorded attributes. */
function contentItem(item: Record<string, unknown>): MessagePart {
  const type = attrText(item, "message_content.type");
  const text = attrText(item, "message_content.text");
  return (type === null || type === "text") && text !== null ? textPart(text) : textPart(stringify(item));
}

function toolCalls(message: Record<string, unknown>): MessagePart[] {
  const calls = indexedGroups(message, "message.tool_calls").flatMap((call) => {
    const name = attrText(call, "tool_call.function.name");
    return name === null ? [] : [toolCallPart(call["tool_call.id"], name, call["tool_call.function.arguments"])];
  });
  // Pre-tools OpenAI function calling, still emitted by older instrumentations.
  const legacyName = attrText(message, "message.function_call_name");
  if (legacyName === null) return calls;
  return [...calls, toolCallPart(null, legacyName, message["message.function_call_arguments_json"])];
}

function contentParts(message: Record<string, unknown>): MessagePart[] {
  const contents = indexedGroups(message, "message.contents").map(contentItem);
  return [...legacyContent(message["message.content"]), ...contents];
}

function toMessages(message: Record<string, unknown>, fallback: Role, spanId: string): Message[] {
  const role = toRole(message["message.role"], fallback);
  const callId = attrText(message, "message.tool_call_id");
  if (role === "tool" || callId !== null) {
    const texts = contentParts(message).map((p) => (p.type === "text" ? p.content : stringify(p)));
    const result = message["message.content"] ?? (texts.length > 0 ? texts.join("\n") : null);
    return [{ role: "tool", parts: [toolResultPart(callId, result)], spanId }];
  }
  return splitByRole(role, [...contentParts(message), ...toolCalls(message)], spanId);
}

const flattened = (span: IngestSpan, prefix: string, role: Role): Message[] =>
  indexedGroups(span.attributes, prefix).flatMap((m) => toMessages(m, role, span.spanId));

/** A raw provider payload: a request ({messages, system}), a response ({choices} or one message), or text. */
function payloadMessages(value: unknown, role: Role, spanId: string): Message[] {
  if (typeof value === "string") return textMessages(value, role, spanId);
  if (isRecord(value) && Array.isArray(value.messages)) {
    const system = typeof value.system === "string" ? textMessages(value.system, "system", spanId) : [];
    return [...system, ...messagesFrom(value.messages, role, spanId)];
  }
  if (isRecord(value) && Array.isArray(value.choices)) return flatMessages(value.choices, role, spanId);
  if (isRecord(value) && "role" in value && "content" in value) return legacyMessage(value, role, spanId);
  return value == null ? [] : textMessages(stringify(value), role, spanId);
}

/** input.value / output.value, for LLM spans that recorded no messages. */
function valueMessages(span: IngestSpan, key: "input" | "output", role: Role): Message[] {
  if (kindOf(span) !== "LLM") return [];
  const raw = span.attributes[`${key}.value`];
  const plain = attrText(span.attributes, `${key}.mime_type`) === "text/plain";
  return payloadMessages(plain ? raw : decodeStructured(raw), role, span.spanId);
}

function messagesOr(primary: Message[], fallback: () => Message[]): Message[] {
  return primary.length > 0 ? primary : fallback();
}

function cost(span: IngestSpan): number | null {
  const attrs = span.attributes;
  const total = attrNumber(attrs, "llm.cost.total");
  if (total !== null) return total;
  const parts = [attrNumber(attrs, "llm.cost.prompt"), attrNumber(attrs, "llm.cost.completion")];
  return parts.some((n) => n !== null) ? parts.reduce<number>((sum, n) => sum + (n ?? 0), 0) : null;
}

/** Not an OpenInference attribute, but the raw response in output.value usually says it. */
function finishReason(span: IngestSpan): string | null {
  const output = decodeStructured(span.attributes["output.value"]);
  if (!isRecord(output)) return null;
  const choice: unknown = Array.isArray(output.choices) ? output.choices[0] : null;
  const reason = isRecord(choice) ? choice.finish_reason : output.stop_reason;
  return typeof reason === "string" ? reason : null;
}

function toolExecution(span: IngestSpan): ToolExecution {
  const attrs = span.attributes;
  // tool.parameters is usually the tool's JSON schema, so the call's own input comes first.
  const args = attrs["input.value"] ?? attrs["tool_call.function.arguments"] ?? attrs["tool.parameters"] ?? null;
  return {
    id: attrText(attrs, "tool_call.id"),
    name: firstText(attrs, ["tool.name", "tool_call.function.name"]),
    arguments: decodeStructured(args),
    result: attrs["output.value"] ?? null,
    error: null,
  };
}

function labels(span: IngestSpan): SpanLabels {
  const attrs = span.attributes;
  const metadata = decodeStructured(attrs.metadata);
  return {
    sessionId: attrText(attrs, "session.id"),
    userId: attrText(attrs, "user.id"),
    tags: stringList(attrs["tag.tags"]),
    metadata: isRecord(metadata) ? textValues(metadata) : {},
  };
}

export const openInference: Convention = {
  name: "openinference",
  isLlmCall,
  inputMessages: (span) =>
    messagesOr(flattened(span, "llm.input_messages", "user"), () => valueMessages(span, "input", "user")),
  outputMessages: (span) =>
    messagesOr(flattened(span, "llm.output_messages", "assistant"), () => valueMessages(span, "output", "assistant")),
  model: (span) => firstText(span.attributes, ["llm.response.model_name", "llm.model_name", "llm.request.model_name"]),
  provider: (span) => firstText(span.attributes, ["llm.provider", "llm.system"]),
  usage: (span) => ({
    input: firstNumber(span.attributes, ["llm.token_count.prompt"]),
    output: firstNumber(span.attributes, ["llm.token_count.completion"]),
    total: firstNumber(span.attributes, ["llm.token_count.total"]),
  }),
  cost,
  timeToFirstTokenMs: () => null,
  finishReason,
  isToolExecution: (span) => kindOf(span) === "TOOL",
  toolExecution,
  labels,
};
