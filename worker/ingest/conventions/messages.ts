import type { Message, MessagePart } from "../../traces/model";
import { isRecord, parseJson, stringify } from "./attrs";
import { currentPart, type Role, splitByRole, str, textPart, toRole, toolCallPart, toolResultPart } from "./parts";

// Whole-message shapes found in telemetry -> our Message:
// - GenAI semconv: {role, parts: [{type: text|tool_call|tool_call_response|reasoning, ...}]}
// - OpenAI chat shape (older GenAI events, flat gen_ai.prompt, request bodies): {role, content, tool_calls,
//   tool_call_id}; content may also be a list of blocks (OpenAI multimodal, Anthropic, AI SDK).

function legacyToolCall(raw: unknown): MessagePart {
  if (!isRecord(raw)) return textPart(stringify(raw));
  const fn = isRecord(raw.function) ? raw.function : raw;
  if (typeof fn.name !== "string") return textPart(stringify(raw));
  return toolCallPart(raw.id, fn.name, fn.arguments);
}

export function legacyContent(content: unknown): MessagePart[] {
  if (content === undefined || content === null || content === "") return [];
  if (typeof content === "string") return [textPart(content)];
  if (Array.isArray(content)) return content.map(currentPart);
  return [textPart(stringify(content))];
}

/** An OpenAI-style chat message; `tool_calls` is a list of {id, function: {name, arguments}} or {id, name, ...}. */
export function legacyMessage(raw: unknown, fallback: Role, spanId: string | null): Message[] {
  if (!isRecord(raw)) return splitByRole(fallback, legacyContent(raw), spanId);
  const role = toRole(raw.role, fallback);
  const toolCallId = str(raw.tool_call_id) ?? (role === "tool" ? str(raw.id) : null);
  const blocks = legacyContent(raw.content);
  // A tool message whose content is already result blocks (AI SDK, Anthropic) needs no wrapping.
  const isBlockResult = blocks.length > 0 && blocks.every((p) => p.type === "tool_result");
  if ((role === "tool" || toolCallId !== null) && !isBlockResult) {
    return [{ role: "tool", parts: [toolResultPart(toolCallId, raw.content)], spanId }];
  }
  const calls = Array.isArray(raw.tool_calls) ? raw.tool_calls.map(legacyToolCall) : [];
  return splitByRole(role, [...blocks, ...calls], spanId);
}

const MESSAGE_KEYS = ["role", "parts", "content", "tool_calls", "tool_call_id"];

function currentMessage(raw: unknown, fallback: Role, spanId: string | null): Message[] {
  if (isRecord(raw) && !MESSAGE_KEYS.some((key) => key in raw)) {
    // Not a message in any shape we know: keep it visible rather than dropping content silently.
    return [{ role: fallback, parts: [textPart(stringify(raw))], spanId }];
  }
  if (!isRecord(raw) || !Array.isArray(raw.parts)) return legacyMessage(raw, fallback, spanId);
  return splitByRole(toRole(raw.role, fallback), raw.parts.map(currentPart), spanId);
}

/** A JSON string (or decoded value) that should hold a list; malformed JSON is kept as plain text. */
function asList(raw: unknown): { list: unknown[] } | { text: string } {
  let value = raw;
  if (typeof raw === "string") {
    const parsed = parseJson(raw);
    if (!parsed.ok) return { text: raw };
    value = parsed.value;
  }
  if (Array.isArray(value)) return { list: value };
  if (typeof value === "string") return { text: value };
  return { list: [value] };
}

export function textMessages(text: string, role: Role, spanId: string | null): Message[] {
  return text === "" ? [] : [{ role, parts: [textPart(text)], spanId }];
}

/** A list of messages in either shape (gen_ai.input.messages, ai.prompt.messages, a request's `messages`). */
export function messagesFrom(raw: unknown, fallback: Role, spanId: string | null): Message[] {
  const decoded = asList(raw);
  if ("text" in decoded) return textMessages(decoded.text, fallback, spanId);
  return decoded.list.flatMap((item) => currentMessage(item, fallback, spanId));
}

/** gen_ai.system_instructions: a list of parts rather than of messages. */
export function systemInstructions(raw: unknown, role: Role, spanId: string | null): Message[] {
  const decoded = asList(raw);
  if ("text" in decoded) return textMessages(decoded.text, role, spanId);
  const parts = decoded.list.map(currentPart);
  return parts.length > 0 ? [{ role, parts, spanId }] : [];
}

/** Flat gen_ai.prompt / gen_ai.completion, response `choices`: messages, or choices wrapping one, or text. */
export function flatMessages(raw: unknown, fallback: Role, spanId: string | null): Message[] {
  const decoded = asList(raw);
  if ("text" in decoded) return textMessages(decoded.text, fallback, spanId);
  return decoded.list.flatMap((item) => {
    const message = isRecord(item) && isRecord(item.message) ? item.message : item;
    return currentMessage(message, fallback, spanId);
  });
}
