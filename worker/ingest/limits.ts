import type { IngestSpan } from "../traces/model";

// D1 caps a row at 2 MB. Oversized values are cut with a visible marker rather than dropped, so reviewers see
// that content existed and how much of it was lost.
export const MAX_VALUE_CHARS = 64 * 1024;
const SPAN_BUDGET_CHARS = 1_500_000;
const TIGHT_VALUE_CHARS = 4 * 1024;

export function truncationMarker(dropped: number): string {
  return `…[truncated ${dropped.toLocaleString("en-US")} characters]`;
}

function truncate(value: unknown, max: number): unknown {
  if (typeof value === "string") {
    return value.length > max ? value.slice(0, max) + truncationMarker(value.length - max) : value;
  }
  if (Array.isArray(value)) return value.map((v) => truncate(v, max));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, truncate(v, max)]));
  }
  return value;
}

function limitValues(span: IngestSpan, max: number): IngestSpan {
  return {
    ...span,
    attributes: truncate(span.attributes, max) as Record<string, unknown>,
    events: span.events.map((e) => ({ ...e, attributes: truncate(e.attributes, max) as Record<string, unknown> })),
    resource: truncate(span.resource, max) as Record<string, unknown>,
  };
}

/** Caps every string value, then caps harder if the span as a whole would still not fit a row. */
export function limitSpan(span: IngestSpan): IngestSpan {
  const limited = limitValues(span, MAX_VALUE_CHARS);
  const size = JSON.stringify(limited.attributes).length + JSON.stringify(limited.events).length;
  return size > SPAN_BUDGET_CHARS ? limitValues(span, TIGHT_VALUE_CHARS) : limited;
}
