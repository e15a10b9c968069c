import type { Message, MessagePart } from "../traces/model";
import { decodeStructured, isRecord, parseJson, stringify } from "./genai-attrs";

// Message shapes found in GenAI telemetry -> our Message:
// - current semconv: {role, parts: [{type: text|tool_call|tool_call_response|reasoning, ...}]}
// - legacy / OpenAI chat shape used by the older events and gen_ai.prompt: {role, content, tool_calls, tool_call_id}

export type Role = Message["role"];

// A Map, not an object literal, so role names like "constructor" cannot hit Object.prototype.
const ROLE_ALIASES = new Map<string, Role>([
  ["system", "system"],
  ["developer", "system"],
  ["user", "user"],
  ["human", "user"],
  ["assistant", "assistant"],
  ["model", "assistant"],
  ["ai", "assistant"],
  ["tool", "tool"],
  ["function", "tool"],
  ["ipython", "tool"],
]);

export function toRole(raw: unknown, fallback: Role): Role {
  return (typeof raw === "string" && ROLE_ALIASES.get(raw.toLowerCase())) || fallback;
}

const str = (value: unknown): string | null => (typeof value === "string" ? value : null);
const textPart = (content: string): MessagePart => ({ type: "text", content });

/** A part of the current semconv shape; anything unrecognized is kept as its JSON text so nothing is lost. */
export function currentPart(raw: unknown): MessagePart {
  if (typeof raw === "string") return textPart(raw);
  if (!isRecord(raw)) return textPart(stringify(raw));
  const content = str(raw.content) ?? str(raw.text);
  switch (raw.type) {
    case "text":
      if (content !== null) return textPart(content);
      break;
    case "reasoning":
    case "thinking":
      if (content !== null) return { type: "reasoning", content };
      break;
    case "tool_call":
      if (typeof raw.name === "string") {
        return { type: "tool_call", id: str(raw.id), name: raw.name, arguments: decodeStructured(raw.arguments) };
      }
      break;
    case "tool_call_response":
      return { type: "tool_result", id: str(raw.id), result: raw.response ?? raw.result ?? null };
  }
  return textPart(stringify(raw));
}

/** Tool results always live in "tool" messages, even when a sender nests them in a user message. */
export function splitByRole(role: Role, parts: MessagePart[], spanId: string | null): Message[] {
  const messages: Message[] = [];
  for (const part of parts) {
    const partRole: Role = part.type === "tool_result" ? "tool" : role;
    const last = messages[messages.length - 1];
    if (last && last.role === partRole) last.parts.push(part);
    else messages.push({ role: partRole, parts: [part], spanId });
  }
  return messages;
}

function legacyToolCall(raw: unknown): MessagePart {
  if (!isRecord(raw)) return textPart(stringify(raw));
  const fn = isRecord(raw.function) ? raw.function : raw;
  if (typeof fn.name !== "string") return textPart(stringify(raw));
  return { type: "tool_call", id: str(raw.id), name: fn.name, arguments: decodeStructured(fn.arguments) };
}

function legacyContent(content: unknown): MessagePart[] {
  if (content === undefined || content === null || content === "") return [];
  if (typeof content === "string") return [textPart(content)];
  if (Array.isArray(content)) return content.map(currentPart);
  return [textPart(stringify(content))];
}

/** OpenAI-style chat message, as carried by the older events and the flat gen_ai.prompt attribute. */
export function legacyMessage(raw: unknown, fallback: Role, spanId: string | null): Message[] {
  if (!isRecord(raw)) return splitByRole(fallback, legacyContent(raw), spanId);
  const role = toRole(raw.role, fallback);
  const toolCallId = str(raw.tool_call_id) ?? (role === "tool" ? str(raw.id) : null);
  if (role === "tool" || toolCallId !== null) {
    const result = raw.content ?? null;
    return [{ role: "tool", parts: [{ type: "tool_result", id: toolCallId, result }], spanId }];
  }
  const calls = Array.isArray(raw.tool_calls) ? raw.tool_calls.map(legacyToolCall) : [];
  return splitByRole(role, [...legacyContent(raw.content), ...calls], spanId);
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

function textMessages(text: string, role: Role, spanId: string): Message[] {
  return text === "" ? [] : [{ role, parts: [textPart(text)], spanId }];
}

/** gen_ai.input.messages / gen_ai.output.messages; also accepts legacy-shaped items, which some SDKs still emit. */
export function messagesFrom(raw: unknown, fallback: Role, spanId: string): Message[] {
  const decoded = asList(raw);
  if ("text" in decoded) return textMessages(decoded.text, fallback, spanId);
  return decoded.list.flatMap((item) => currentMessage(item, fallback, spanId));
}

/** gen_ai.system_instructions: a list of parts rather than of messages. */
export function systemInstructions(raw: unknown, role: Role, spanId: string): Message[] {
  const decoded = asList(raw);
  if ("text" in decoded) return textMessages(decoded.text, role, spanId);
  const parts = decoded.list.map(currentPart);
  return parts.length > 0 ? [{ role, parts, spanId }] : [];
}

/** Flat gen_ai.prompt / gen_ai.completion: JSON list of legacy messages or choices, or plain text. */
export function flatMessages(raw: unknown, fallback: Role, spanId: string): Message[] {
  const decoded = asList(raw);
  if ("text" in decoded) return textMessages(decoded.text, fallback, spanId);
  return decoded.list.flatMap((item) => {
    const message = isRecord(item) && isRecord(item.message) ? item.message : item;
    return currentMessage(message, fallback, spanId);
  });
}
