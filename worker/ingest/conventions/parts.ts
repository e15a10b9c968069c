import type { Message, MessagePart } from "../../traces/model";
import { decodeStructured, isRecord, stringify } from "./attrs";

// Message parts as senders spell them -> our MessagePart. The GenAI semconv part types come first; the content
// blocks of the AI SDK (`tool-call`, `tool-result`) and of Anthropic (`tool_use`, `tool_result`) show up inside
// several conventions' message attributes, so every reader shares this one mapping.

export type Role = Message["role"];
export type ToolResultPart = Extract<MessagePart, { type: "tool_result" }>;
export type ToolCallPart = Extract<MessagePart, { type: "tool_call" }>;

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

export const str = (value: unknown): string | null => (typeof value === "string" ? value : null);
export const textPart = (content: string): MessagePart => ({ type: "text", content });

export function toolCallPart(id: unknown, name: string, args: unknown): ToolCallPart {
  return { type: "tool_call", id: str(id), name, arguments: decodeStructured(args ?? null) };
}

export function toolResultPart(id: unknown, result: unknown, isError = false): ToolResultPart {
  const part: ToolResultPart = { type: "tool_result", id: str(id), result: result ?? null };
  if (isError) part.isError = true;
  return part;
}

/** AI SDK 5 wraps results as {type: "text" | "json" | "error-text" | "error-json" | ..., value}. */
function sdkToolResult(raw: Record<string, unknown>): ToolResultPart {
  const output = raw.output;
  if (isRecord(output) && typeof output.type === "string" && "value" in output) {
    return toolResultPart(raw.toolCallId, output.value, output.type.startsWith("error"));
  }
  return toolResultPart(raw.toolCallId, output ?? raw.result, raw.isError === true);
}

/** Tool blocks of the AI SDK and Anthropic; null for anything else. */
function toolBlock(raw: Record<string, unknown>): MessagePart | null {
  switch (raw.type) {
    case "tool-call": {
      const name = str(raw.toolName);
      return name === null ? null : toolCallPart(raw.toolCallId, name, raw.input ?? raw.args);
    }
    case "tool_use": {
      const name = str(raw.name);
      return name === null ? null : toolCallPart(raw.id, name, raw.input);
    }
    case "tool-result":
      return sdkToolResult(raw);
    case "tool_result":
      return toolResultPart(raw.tool_use_id, raw.content, raw.is_error === true);
  }
  return null;
}

/** One part of a message; anything unrecognized is kept as its JSON text so nothing is lost. */
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
      if (typeof raw.thinking === "string") return { type: "reasoning", content: raw.thinking };
      break;
    case "tool_call":
      if (typeof raw.name === "string") return toolCallPart(raw.id, raw.name, raw.arguments);
      break;
    case "tool_call_response":
      return toolResultPart(raw.id, raw.response ?? raw.result);
  }
  return toolBlock(raw) ?? textPart(stringify(raw));
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
