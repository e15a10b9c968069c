import { isRecord, parseJson, stringify } from "../ingest/conventions/attrs";
import type { Message, MessagePart } from "../traces/model";
import type { Evidence } from "./types";

// The tool calls of a conversation paired with their results, shared by the Tool Call Errors and Trashing rules.
// Results are paired by call id; results without an id (OpenInference, OpenLLMetry histories) answer the oldest
// open call before them, as those conventions record them in call order.

type ToolResultPart = Extract<MessagePart, { type: "tool_result" }>;

export interface ToolResult {
  at: Evidence;
  id: string | null;
  value: unknown;
  isError: boolean;
}

export interface ToolStep {
  at: Evidence;
  id: string | null;
  name: string;
  arguments: unknown;
  /** The span the call message came from (the model's output, or a tool span when no call was recorded). */
  spanId: string | null;
  /** Which user turn the call belongs to: repeats across turns answer new requests. */
  turn: number;
  result: ToolResult | null;
}

export interface ToolInteractions {
  steps: ToolStep[];
  /** Results that answer no call: an unknown id, or no open call at all. */
  orphans: ToolResult[];
}

function answer(steps: ToolStep[], part: ToolResultPart, result: ToolResult): boolean {
  const open = steps.filter((s) => s.result === null);
  const match = part.id !== null ? open.find((s) => s.id === part.id) : (open.find((s) => s.id === null) ?? open[0]);
  if (match) match.result = result;
  // A second result for an answered id is a duplicate the history repeated, not an orphan.
  return match !== undefined || (part.id !== null && steps.some((s) => s.id === part.id));
}

export function toolInteractions(conversation: readonly Message[]): ToolInteractions {
  const steps: ToolStep[] = [];
  const orphans: ToolResult[] = [];
  let turn = 0;
  conversation.forEach((message, messageIndex) => {
    if (message.role === "user") turn++;
    message.parts.forEach((part, partIndex) => {
      const at = { messageIndex, partIndex };
      if (part.type === "tool_call") {
        steps.push({ at, id: part.id, name: part.name, arguments: part.arguments, spanId: message.spanId, turn, result: null });
      } else if (part.type === "tool_result") {
        const result = { at, id: part.id, value: part.result, isError: part.isError === true };
        if (!answer(steps, part, result)) orphans.push(result);
      }
    });
  });
  return { steps, orphans };
}

/** Tool results and arguments often arrive as JSON text; look inside it, keep anything else as it is. */
export function decoded(value: unknown): unknown {
  if (typeof value !== "string" || !/^\s*[[{"]/.test(value)) return value;
  const parsed = parseJson(value);
  return parsed.ok ? parsed.value : value;
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys(value[key])])
  );
}

/** One text per value regardless of key order or JSON-in-a-string encoding, so equal calls compare equal. */
export function canonical(value: unknown): string {
  return stringify(sortedKeys(decoded(value)));
}

/** A short, single-line excerpt for reasons a reviewer reads. */
export function excerpt(value: unknown, max = 120): string {
  const text = stringify(value).replace(/\s+/g, " ").trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
