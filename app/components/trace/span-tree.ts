// The trace page's waterfall: spans in tree order (children under their parent, by start time), each with its
// depth and where its bar sits on the trace's time axis. Spans whose parent never arrived are shown as roots.

export interface SpanLike {
  id: string;
  parentSpanId: string | null;
  startedAt: number;
  endedAt: number;
}

export interface WaterfallRow<S extends SpanLike> {
  span: S;
  depth: number;
  /** Percent of the trace's time axis before the bar starts, and the bar's width (at least a sliver). */
  offset: number;
  width: number;
}

export function waterfall<S extends SpanLike>(spans: readonly S[]): WaterfallRow<S>[] {
  if (spans.length === 0) return [];
  const ids = new Set(spans.map((s) => s.id));
  const children = new Map<string | null, S[]>();
  for (const span of spans) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) && span.parentSpanId !== span.id ? span.parentSpanId : null;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  for (const list of children.values()) list.sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
  const start = Math.min(...spans.map((s) => s.startedAt));
  const end = Math.max(...spans.map((s) => s.endedAt));
  const total = Math.max(end - start, 1);
  const rows: WaterfallRow<S>[] = [];
  const visited = new Set<string>();
  const visit = (span: S, depth: number) => {
    // A parent cycle in hostile data must not loop forever.
    if (visited.has(span.id)) return;
    visited.add(span.id);
    const offset = ((span.startedAt - start) / total) * 100;
    const width = Math.max(Math.min(((span.endedAt - span.startedAt) / total) * 100, 100 - offset), 0.5);
    rows.push({ span, depth, offset, width });
    for (const child of children.get(span.id) ?? []) visit(child, depth + 1);
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  // Spans only reachable through a cycle have no root; list them at the top level rather than drop them.
  for (const span of spans) if (!visited.has(span.id)) visit(span, 0);
  return rows;
}
