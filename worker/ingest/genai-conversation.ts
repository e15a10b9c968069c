import type { IngestSpan, Message } from "../traces/model";
import { stringify } from "./conventions/attrs";
import {
  inputMessages,
  isLlmCall,
  isToolExecution,
  outputMessages,
  type ToolSpanCall,
  toolSpanCall,
} from "./conventions";
import type { ToolCallPart, ToolResultPart } from "./conventions/parts";

// One conversation per trace, whatever convention each span speaks. In an agent loop every LLM call resends the
// whole history, so the conversation is the longest input seen (normally the last call's) plus that call's
// output; earlier calls only tell us which span each message first came from.

interface LlmCall {
  span: IngestSpan;
  input: readonly Message[];
  output: readonly Message[];
}

/** Which call id a tool span answers; "unmatched" when its calls are all taken by other tool spans. */
type CallId = string | null | "unmatched";

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

/**
 * Call ids for tool spans that record none (OpenInference, OpenLLMetry): the n-th such span named X answers the
 * n-th call of X that no span claims by id, which stays right when the history already holds some results.
 */
function resolveCallIds(conversation: Message[], tools: ToolSpanCall[]): Map<ToolSpanCall, CallId> {
  const claimed = new Set(tools.map((t) => t.id).filter((id) => id !== null));
  const open = toolCalls(conversation).filter((c) => c.id !== null && !claimed.has(c.id));
  const named = new Set(toolCalls(conversation).map((c) => c.name));
  const resolved = new Map<ToolSpanCall, CallId>();
  for (const tool of tools) {
    if (tool.id !== null) {
      resolved.set(tool, tool.id);
      continue;
    }
    const at = open.findIndex((c) => c.name === tool.name);
    const [call] = at >= 0 ? open.splice(at, 1) : [];
    resolved.set(tool, call ? call.id : named.has(tool.name) ? "unmatched" : null);
  }
  return resolved;
}

function resultMessage(tool: ToolSpanCall, id: string | null): Message {
  const part: ToolResultPart = { type: "tool_result", id, result: tool.result };
  if (tool.isError) part.isError = true;
  return { role: "tool", parts: [part], spanId: tool.spanId };
}

/** Adds a tool span's result unless the history already has it, next to the call it answers. */
function addToolResult(conversation: Message[], tool: ToolSpanCall, id: CallId): void {
  if (id === "unmatched") return;
  const existing = id === null ? [] : toolResults(conversation).filter((r) => r.id === id);
  if (existing.length > 0) {
    // The history never says whether a tool failed; the tool span does. Copies, since messages are shared.
    if (tool.isError) markFailed(conversation, id);
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

function markFailed(conversation: Message[], id: string | null): void {
  conversation.forEach((message, i) => {
    if (!message.parts.some((p) => p.type === "tool_result" && p.id === id)) return;
    const parts = message.parts.map((p) => (p.type === "tool_result" && p.id === id ? { ...p, isError: true } : p));
    conversation[i] = { ...message, parts };
  });
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

interface Sources {
  calls: Map<IngestSpan, LlmCall>;
  tools: Map<IngestSpan, { tool: ToolSpanCall; id: CallId }>;
}

function messagesOf(span: IngestSpan, sources: Sources): Message[] {
  const call = sources.calls.get(span);
  if (call) return [...call.input, ...call.output];
  const run = sources.tools.get(span);
  return run ? [resultMessage(run.tool, run.id === "unmatched" ? run.tool.id : run.id)] : [];
}

/** Sets each message's spanId to the earliest span that produced it rather than the call that resent it. */
function attributeOrigins(conversation: Message[], spans: IngestSpan[], sources: Sources): void {
  const origins = new Map<string, string>();
  for (const span of spans) {
    for (const key of occurrenceKeys(messagesOf(span, sources))) if (!origins.has(key)) origins.set(key, span.spanId);
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
  const sources: Sources = { calls: new Map(), tools: new Map() };
  for (const span of ordered) {
    if (isLlmCall(span)) sources.calls.set(span, { span, input: inputMessages(span), output: outputMessages(span) });
  }
  const base = pickBase([...sources.calls.values()]);
  const conversation = base ? [...base.input, ...base.output] : [];
  const toolSpans = ordered.filter((span) => !sources.calls.has(span) && isToolExecution(span));
  const tools = toolSpans.map(toolSpanCall);
  const ids = resolveCallIds(conversation, tools);
  tools.forEach((tool, i) => {
    const id = ids.get(tool) ?? null;
    addToolResult(conversation, tool, id);
    const span = toolSpans[i];
    if (span) sources.tools.set(span, { tool, id });
  });
  attributeOrigins(conversation, ordered, sources);
  return conversation;
}
