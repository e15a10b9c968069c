import { toSource } from "../../../worker/annotations/text-ranges";
import { SRC_END, SRC_START } from "./source-offsets";

// Turns the reviewer's text selection into a range target: which message and part it lies in, and its offsets
// into that part's source text (see source-offsets.ts for how rendered text remembers where it came from).

export interface SelectedRange {
  messageIndex: number;
  partIndex: number;
  start: number;
  end: number;
  quote: string;
}

export type SelectionResult = { ok: true; range: SelectedRange } | { ok: false; reason: string };

const PART = "[data-part-index]";

function elementOf(node: Node): Element | null {
  return node instanceof Element ? node : node.parentElement;
}

/** The source offset of a boundary point that lies inside a source span. */
function offsetIn(span: Element, node: Node, offset: number): number {
  const before = document.createRange();
  before.setStart(span, 0);
  before.setEnd(node, offset);
  const rendered = span.textContent?.length ?? 0;
  return toSource(rendered, Number(span.getAttribute(SRC_START)), Number(span.getAttribute(SRC_END)), before.toString().length);
}

export function readSelection(selection: Selection | null, source: (messageIndex: number, partIndex: number) => string | null): SelectionResult {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return { ok: false, reason: "Select some text in a message first." };
  const range = selection.getRangeAt(0);
  const startPart = elementOf(range.startContainer)?.closest(PART);
  const endPart = elementOf(range.endContainer)?.closest(PART);
  if (!startPart || startPart !== endPart) return { ok: false, reason: "Select text within one part of one message." };
  const messageIndex = Number(startPart.getAttribute("data-message-index"));
  const partIndex = Number(startPart.getAttribute("data-part-index"));
  const text = source(messageIndex, partIndex);
  if (text === null) return { ok: false, reason: "This part has no text to annotate." };
  const spans = [...startPart.querySelectorAll(`[${SRC_START}]`)].filter((span) => range.intersectsNode(span));
  const first = spans[0];
  const last = spans[spans.length - 1];
  if (!first || !last) return { ok: false, reason: "Select some text in a message first." };
  const start = first.contains(range.startContainer) ? offsetIn(first, range.startContainer, range.startOffset) : Number(first.getAttribute(SRC_START));
  const end = last.contains(range.endContainer) ? offsetIn(last, range.endContainer, range.endOffset) : Number(last.getAttribute(SRC_END));
  if (end <= start) return { ok: false, reason: "Select some text in a message first." };
  return { ok: true, range: { messageIndex, partIndex, start, end, quote: text.slice(start, end) } };
}
