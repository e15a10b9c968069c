import type { IngestSpan } from "../traces/model";

// D1 caps a row at 2 MB. Oversized values are cut with a visible marker rather than dropped, so reviewers see
// that content existed and how much of it was lost.
const MAX_VALUE_CHARS = 64 * 1024;
const SPAN_BUDGET_CHARS = 1_500_000;
const TIGHT_VALUE_CHARS = 4 * 1024;

function truncationMarker(dropped: number): string {
  return `…[truncated ${dropped.toLocaleString("en-US")} characters]`;
}

/** Truncates strings longer than `max`, counting the characters kept so the caller can check the whole span. */
class Truncator {
  kept = 0;
  changed = false;
  constructor(private readonly max: number) {}

  value(value: unknown): unknown {
    if (typeof value === "string") {
      if (value.length <= this.max) {
        this.kept += value.length;
        return value;
      }
      this.changed = true;
      this.kept += this.max;
      return value.slice(0, this.max) + truncationMarker(value.length - this.max);
    }
    if (Array.isArray(value)) return value.map((v) => this.value(v));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.value(v)]));
    }
    return value;
  }

  record(record: Record<string, unknown>): Record<string, unknown> {
    return this.value(record) as Record<string, unknown>;
  }
}

function limitValues(span: IngestSpan, max: number): { span: IngestSpan; kept: number } {
  const t = new Truncator(max);
  const limited = {
    ...span,
    attributes: t.record(span.attributes),
    events: span.events.map((e) => ({ ...e, attributes: t.record(e.attributes) })),
    resource: t.record(span.resource),
  };
  return { span: t.changed ? limited : span, kept: t.kept };
}

/** Caps every string value, then caps harder if the span as a whole would still not fit a row. */
export function limitSpan(span: IngestSpan): IngestSpan {
  const first = limitValues(span, MAX_VALUE_CHARS);
  return first.kept > SPAN_BUDGET_CHARS ? limitValues(span, TIGHT_VALUE_CHARS).span : first.span;
}
