import type { IngestSpan, Message, MessagePart } from "../traces/model";
import { stringify } from "./genai-attrs";
import { isLlmSpan, isToolSpan, spanInput, spanOutput, type ToolSpanCall, toolSpanCall } from "./genai-spans";

// One conversation per trace. In an agent loop every LLM call resends the whole history, so the conversation is
// the longest input seen (normally the last call's) plus that call's output; earlier calls only tell us which
// span each message first came from.

type ToolResultPart = Extract<MessagePart, { type: "tool_result" }>;
type ToolCallPart = Extract<MessagePart, { type: "tool_call" }>;

interface LlmCall {
  span: IngestSpan;
  input: Message[];
  output: Message[];
}

/** Stable time order; equal starts keep the sender's order so parent-before-child survives. */
export function byStart(spans: IngestSpan[]): IngestSpan[] {
  return spans
    .map((span, index) => ({ span, index }))
    .sort((a, b) => a.span.startedAt - b.span.startedAt || a.index - b.index)
    .map(({ span }) => span);
}

/** Longest input wins, ties go to the later call; with no input recorded anywhere, the last output. */
function pickBase(calls: LlmCall[]): LlmCall | null {
  let base: LlmCall | null = null;
  for (const call of calls) {
    if (call.input.length > 0 && (!base || call.input.length >= base.input.length)) base = call;
  }
  return base ?? calls.findLast((call) => call.output.length > 0) ?? null;
}

const toolResults = (conversation: Message[]): ToolResultPart[] =>
  conversation.flatMap((m) => m.parts.filter((p): p is ToolResultPart => p.type === "tool_result"));
const toolCalls = (conversation: Message[]): ToolCallPart[] =>
  conversation.flatMap((m) => m.parts.filter((p): p is ToolCallPart => p.type === "tool_call"));

/** Which call id a tool span answers; without an id, the first same-named call still lacking a result. */
function matchCallId(conversation: Message[], tool: ToolSpanCall): string | null | "answered" {
  if (tool.id !== null) return tool.id;
  const named = toolCalls(conversation).filter((c) => c.name === tool.name);
  if (named.length === 0) return null;
  const answered = new Set(toolResults(conversation).map((r) => r.id));
  const open = named.find((c) => c.id !== null && !answered.has(c.id));
  return open?.id ?? "answered";
}

function resultMessage(tool: ToolSpanCall, id: string | null): Message {
  const part: ToolResultPart = { type: "tool_result", id, result: tool.result };
  if (tool.isError) part.isError = true;
  return { role: "tool", parts: [part], spanId: tool.spanId };
}

/** Adds the result of an execute_tool span unless the history already has it, next to the call it answers. */
function addToolResult(conversation: Message[], tool: ToolSpanCall): void {
  const id = matchCallId(conversation, tool);
  if (id === "answered") return;
  const existing = id === null ? [] : toolResults(conversation).filter((r) => r.id === id);
  if (existing.length > 0) {
    // The history never says whether a tool failed; the tool span does.
    if (tool.isError) existing.forEach((r) => (r.isError = true));
    return;
  }
  const callAt = conversation.findIndex((m) =>
    m.parts.some((p) => p.type === "tool_call" && p.id === id && id !== null)
  );
  if (callAt < 0) {
    // No recorded call (content capture off, or ids rewritten by a framework): keep the tool's own account of it.
    const call: ToolCallPart = { type: "tool_call", id, name: tool.name, arguments: tool.arguments };
    conversation.push({ role: "assistant", parts: [call], spanId: tool.spanId }, resultMessage(tool, id));
    return;
  }
  let insertAt = callAt + 1;
  while (conversation[insertAt]?.role === "tool") insertAt++;
  conversation.splice(insertAt, 0, resultMessage(tool, id));
}

/** Tool results are keyed by call id, because senders render the same result differently; others by content. */
function messageKey(message: Message): string {
  const ids = message.parts.map((p) => (p.type === "tool_result" ? p.id : null));
  if (message.role === "tool" && ids.length > 0 && ids.every((id) => id !== null)) return `tool:${ids.join(",")}`;
  return stringify([message.role, message.parts]);
}

/** Keys numbered by occurrence, so a repeated "ok" from the user maps to the span where that one appeared. */
function occurrenceKeys(messages: Message[]): string[] {
  const seen = new Map<string, number>();
  return messages.map((message) => {
    const key = messageKey(message);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return `${n}#${key}`;
  });
}

function messagesOf(span: IngestSpan, calls: Map<IngestSpan, LlmCall>): Message[] {
  const call = calls.get(span);
  if (call) return [...call.input, ...call.output];
  if (!isToolSpan(span)) return [];
  const tool = toolSpanCall(span);
  return [resultMessage(tool, tool.id)];
}

/** Sets each message's spanId to the earliest span that produced it rather than the call that resent it. */
function attributeOrigins(conversation: Message[], spans: IngestSpan[], calls: Map<IngestSpan, LlmCall>): void {
  const origins = new Map<string, string>();
  for (const span of spans) {
    for (const key of occurrenceKeys(messagesOf(span, calls))) if (!origins.has(key)) origins.set(key, span.spanId);
  }
  occurrenceKeys(conversation).forEach((key, i) => {
    const message = conversation[i];
    const origin = origins.get(key);
    if (message && origin) message.spanId = origin;
  });
}

/** The trace's conversation in the GenAI semantic-conventions shape; never throws on malformed content. */
export function buildConversation(spans: IngestSpan[]): Message[] {
  const ordered = byStart(spans);
  const calls = new Map<IngestSpan, LlmCall>();
  for (const span of ordered) {
    if (isLlmSpan(span)) calls.set(span, { span, input: spanInput(span), output: spanOutput(span) });
  }
  const base = pickBase([...calls.values()]);
  const conversation = base ? [...base.input, ...base.output] : [];
  for (const span of ordered) if (isToolSpan(span)) addToolResult(conversation, toolSpanCall(span));
  attributeOrigins(conversation, ordered, calls);
  return conversation;
}
