import { messagePartSchema } from "../traces/model";
import type { AnnotationTarget } from "./target";

// Text-range annotations point into a message part's own text by offsets (start inclusive, end exclusive). The
// review screen renders that text as markdown, so what a reviewer selects is mapped back to the source's offsets,
// and stored highlights are mapped forward onto the rendered text. Both directions live here, pure.

/** The text a range can point into: a text or reasoning part's content; other parts have none. */
export function rangeableText(part: unknown): string | null {
  const parsed = messagePartSchema.safeParse(part);
  if (!parsed.success) return null;
  return parsed.data.type === "text" || parsed.data.type === "reasoning" ? parsed.data.content : null;
}

/** Why a target does not fit the trace's conversation, or null when it does. */
export function targetProblem(target: AnnotationTarget, conversation: readonly { parts: readonly unknown[] }[]): string | null {
  if (target.level === "conversation") return null;
  const message = conversation[target.messageIndex];
  if (!message) return `the conversation has no message ${target.messageIndex} (it has ${conversation.length})`;
  if (target.level === "message") return null;
  const part = message.parts[target.partIndex];
  if (part === undefined) return `message ${target.messageIndex} has no part ${target.partIndex}`;
  const text = rangeableText(part);
  if (text === null) return `part ${target.partIndex} of message ${target.messageIndex} has no text to select from`;
  if (target.start >= target.end) return "a range needs start before end";
  if (target.end > text.length) return `the range ends at ${target.end}, past the part's ${text.length} characters`;
  return null;
}

export interface Highlight {
  id: string;
  start: number;
  end: number;
}

export interface Segment {
  start: number;
  end: number;
  /** The highlights covering this whole segment, in the order given. */
  ids: string[];
}

/**
 * Cuts [start, end) at every highlight boundary inside it, so each piece is covered by a fixed set of highlights.
 * Pieces are contiguous and cover the span exactly; overlapping highlights simply stack.
 */
export function segment(start: number, end: number, highlights: readonly Highlight[]): Segment[] {
  if (end <= start) return [];
  const cuts = new Set<number>([start, end]);
  for (const h of highlights) {
    if (h.start > start && h.start < end) cuts.add(h.start);
    if (h.end > start && h.end < end) cuts.add(h.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  return points.slice(1).map((to, i) => {
    const from = points[i] as number;
    return { start: from, end: to, ids: highlights.filter((h) => h.start <= from && h.end >= to && h.start < h.end).map((h) => h.id) };
  });
}

/**
 * A rendered text node shows `renderedLength` characters for the source span [sourceStart, sourceEnd). They match
 * one to one unless markdown rewrote the text (an escape, an entity); then offsets are scaled, which keeps them
 * inside the node and in order.
 */
export function toSource(renderedLength: number, sourceStart: number, sourceEnd: number, renderedIndex: number): number {
  const span = sourceEnd - sourceStart;
  const index = Math.min(Math.max(renderedIndex, 0), renderedLength);
  if (span === renderedLength || renderedLength === 0) return sourceStart + Math.min(index, span);
  return sourceStart + Math.round((index * span) / renderedLength);
}

/** The inverse of toSource: where a source offset falls in the rendered text node. */
export function toRendered(renderedLength: number, sourceStart: number, sourceEnd: number, sourceOffset: number): number {
  const span = sourceEnd - sourceStart;
  const offset = Math.min(Math.max(sourceOffset - sourceStart, 0), span);
  if (span === renderedLength || span === 0) return Math.min(offset, renderedLength);
  return Math.round((offset * renderedLength) / span);
}
