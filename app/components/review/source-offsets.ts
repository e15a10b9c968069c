import type { Element, ElementContent, Root, RootContent } from "hast";
import { segment, toRendered, type Highlight } from "../../../worker/annotations/text-ranges";

// A rehype plugin for trace text rendered as markdown. Every text node is wrapped in a span that records which
// characters of the source it shows (data-src-start / data-src-end), so a selection in the page maps back to the
// part's own offsets; and the stored highlights that cover it are cut out as <mark> elements.

export const SRC_START = "data-src-start";
export const SRC_END = "data-src-end";
export const ANNOTATION_IDS = "data-annotation-ids";

interface Span {
  start: number;
  end: number;
}

type Parent = Root | Element;

/** Which source characters a rendered text node shows, or null when that cannot be told. */
function sourceSpan(source: string, value: string, own: Span | null, enclosing: Span | null): Span | null {
  const window = own ?? enclosing;
  if (!window) return null;
  if (window.end - window.start === value.length) return window;
  // Inline code and fenced code carry their fences in the position; find the text itself inside it.
  const found = source.indexOf(value, window.start);
  if (found >= 0 && found + value.length <= window.end) return { start: found, end: found + value.length };
  const trimmed = value.replace(/\n$/, "");
  const foundTrimmed = trimmed ? source.indexOf(trimmed, window.start) : -1;
  if (foundTrimmed >= 0 && foundTrimmed + trimmed.length <= window.end) return { start: foundTrimmed, end: foundTrimmed + value.length };
  // Escapes and entities: the node's own span, scaled (see toSource / toRendered).
  return own;
}

function positionOf(node: { position?: { start: { offset?: number }; end: { offset?: number } } }): Span | null {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? null : { start, end };
}

function wrap(value: string, span: Span, highlights: readonly Highlight[]): Element {
  const children: ElementContent[] = segment(span.start, span.end, highlights).map((piece) => {
    const from = toRendered(value.length, span.start, span.end, piece.start);
    const to = piece.end === span.end ? value.length : toRendered(value.length, span.start, span.end, piece.end);
    const text: ElementContent = { type: "text", value: value.slice(from, to) };
    if (piece.ids.length === 0) return text;
    return { type: "element", tagName: "mark", properties: { [ANNOTATION_IDS]: piece.ids.join(" ") }, children: [text] };
  });
  return { type: "element", tagName: "span", properties: { [SRC_START]: span.start, [SRC_END]: span.end }, children };
}

function transform(parent: Parent, source: string, highlights: readonly Highlight[], enclosing: Span | null): void {
  const span = "position" in parent ? (positionOf(parent) ?? enclosing) : enclosing;
  parent.children = parent.children.map((child: RootContent): RootContent => {
    // Raw HTML in trace text is shown as the text it is, never parsed (react-markdown would do the same later).
    const literal = child.type === "text" || (child.type as string) === "raw" ? (child as { value: string }) : null;
    if (literal) {
      if (literal.value.trim() === "") return { type: "text", value: literal.value };
      const found = sourceSpan(source, literal.value, positionOf(child), span);
      return found ? wrap(literal.value, found, highlights) : { type: "text", value: literal.value };
    }
    if (child.type === "element") transform(child, source, highlights, span);
    return child;
  }) as Parent["children"];
}

export function rehypeSourceOffsets(options: { source: string; highlights: readonly Highlight[] }) {
  return (tree: Root) => transform(tree, options.source, options.highlights, { start: 0, end: options.source.length });
}
