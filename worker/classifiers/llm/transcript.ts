import type { Message, MessagePart } from "../../traces/model";

// The conversation as the classifier models read it: one numbered entry per message (the numbers are the
// conversation's own indices, so a model's evidence points at the right message), cut to a character budget.

export interface TranscriptBudget {
  /** Each message is cut to this many characters. */
  perMessageChars: number;
  /** The whole transcript stays under this many characters (about 4 per token). */
  totalChars: number;
  /** Messages always kept from the start (the system prompt and the first request set the context). */
  keepHead: number;
  /** Only the last this many messages are considered at all. */
  maxMessages?: number;
}

/** The first pass screens the recent turns cheaply. */
export const RECENT_BUDGET: TranscriptBudget = { perMessageChars: 1_200, totalChars: 8_000, keepHead: 1, maxMessages: 12 };
/** The second pass reads the whole conversation, within the stronger model's 24k-token context. */
export const FULL_BUDGET: TranscriptBudget = { perMessageChars: 4_000, totalChars: 48_000, keepHead: 2 };

const TOOL_ARGUMENT_CHARS = 400;
const TOOL_RESULT_CHARS = 800;

export function renderTranscript(conversation: readonly Message[], budget: TranscriptBudget): string {
  const entries = conversation.map((message, index) => cut(renderMessage(message, index), budget.perMessageChars));
  const head = entries.slice(0, budget.keepHead);
  const windowStart = Math.max(head.length, entries.length - (budget.maxMessages ?? entries.length));
  let used = head.reduce((sum, text) => sum + text.length, 0);
  let firstTail = entries.length;
  // The newest turns matter most: walk back from the end and stop when the budget runs out.
  while (firstTail > windowStart && used + entries[firstTail - 1]!.length <= budget.totalChars) {
    firstTail--;
    used += entries[firstTail]!.length;
  }
  const omitted = firstTail - head.length;
  return [...head, ...(omitted > 0 ? [`[… ${omitted} messages omitted …]`] : []), ...entries.slice(firstTail)].join("\n\n");
}

function renderMessage(message: Message, index: number): string {
  const body = message.parts.map(renderPart).filter((text) => text !== "").join("\n");
  return `[${index}] ${message.role}: ${body || "(empty)"}`;
}

function renderPart(part: MessagePart): string {
  switch (part.type) {
    case "text":
      return part.content;
    case "tool_call":
      return `(calls tool ${part.name} with ${cut(stringify(part.arguments), TOOL_ARGUMENT_CHARS)})`;
    case "tool_result":
      return `(tool result${part.isError ? ", error" : ""}: ${cut(stringify(part.result), TOOL_RESULT_CHARS)})`;
    case "reasoning":
      // Hidden reasoning is not what the user saw; leaving it out keeps the prompt short.
      return "";
  }
}

function stringify(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return String(value);
  }
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…[${text.length - max} more characters]`;
}

/** All text a message shows, for the prefilter and the heuristic provider. */
export function textOf(message: Message): string {
  return message.parts
    .map((part) => (part.type === "text" ? part.content : part.type === "tool_result" ? stringify(part.result) : ""))
    .filter(Boolean)
    .join("\n");
}
