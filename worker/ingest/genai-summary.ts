import type { IngestSpan, Message, TraceSummary } from "../traces/model";
import { attrText } from "./conventions/attrs";
import {
  isLlmCall,
  isToolExecution,
  spanCost,
  spanLabels,
  spanModel,
  spanProvider,
  spanTimeToFirstTokenMs,
  spanUsage,
  type SpanLabels,
} from "./conventions";
import { buildConversation, byStart } from "./genai-conversation";

// Trace-level facts for the trace list and filters, from whichever convention each span speaks.

/**
 * Spans carrying a value none of whose descendants carry it. Agent frameworks (and the AI SDK's outer spans)
 * repeat their children's usage as a total; summing only the innermost spans counts each LLM call once.
 */
function innermost(spans: IngestSpan[], has: (span: IngestSpan) => boolean): IngestSpan[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const carriers = spans.filter(has);
  const covered = new Set<string>();
  for (const span of carriers) {
    const seen = new Set<string>();
    for (let p = span.parentSpanId; p !== null && !seen.has(p); p = byId.get(p)?.parentSpanId ?? null) {
      seen.add(p);
      covered.add(p);
    }
  }
  return carriers.filter((s) => !covered.has(s.spanId));
}

function sumOver(spans: IngestSpan[], read: (span: IngestSpan) => number | null): number | null {
  const values = innermost(spans, (s) => read(s) !== null).map((s) => read(s) ?? 0);
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) : null;
}

/** A reported total where there is one (it may include reasoning or cache tokens), else input + output. */
function spanTotal(span: IngestSpan): number | null {
  const { input, output, total } = spanUsage(span);
  return total ?? (input === null && output === null ? null : (input ?? 0) + (output ?? 0));
}

function firstOf<T>(spans: IngestSpan[], read: (span: IngestSpan) => T | null): T | null {
  for (const span of spans) {
    const value = read(span);
    if (value !== null) return value;
  }
  return null;
}

function rootName(ordered: IngestSpan[]): string {
  const ids = new Set(ordered.map((s) => s.spanId));
  const root = ordered.find((s) => s.parentSpanId === null || !ids.has(s.parentSpanId)) ?? ordered[0];
  return root?.name ?? "";
}

/** Models of the innermost spans naming one, so a wrapper repeating its call's model adds no alias of it. */
function modelsOf(ordered: IngestSpan[]): string[] {
  const models = innermost(ordered, (s) => spanModel(s) !== null).map(spanModel);
  return [...new Set(models.filter((m): m is string => m !== null))];
}

/** Metadata keys: the earliest span wins, so the root's values beat a child's override. */
function metadataOf(labels: SpanLabels[]): Record<string, string> {
  const metadata = new Map<string, string>();
  for (const { metadata: own } of labels) {
    for (const [key, value] of Object.entries(own)) if (!metadata.has(key)) metadata.set(key, value);
  }
  return Object.fromEntries(metadata);
}

/** Resource attributes in priority order of keys, then time order of spans. */
function environmentOf(ordered: IngestSpan[]): string | null {
  for (const key of ["deployment.environment.name", "deployment.environment"]) {
    const value = firstOf(ordered, (s) => attrText(s.resource, key));
    if (value !== null) return value;
  }
  return null;
}

function statusOf(spans: IngestSpan[]): TraceSummary["status"] {
  if (spans.some((s) => s.statusCode === 2)) return "error";
  return spans.some((s) => s.statusCode === 1) ? "ok" : "unset";
}

function toolCallCount(ordered: IngestSpan[], conversation: () => Message[]): number {
  const toolSpans = ordered.filter(isToolExecution).length;
  if (toolSpans > 0) return toolSpans;
  return conversation().reduce((n, m) => n + m.parts.filter((p) => p.type === "tool_call").length, 0);
}

/** Token usage per innermost LLM call with its model, for pricing traces whose exporter sent no cost. */
export function usageByModel(spans: IngestSpan[]): { model: string | null; inputTokens: number; outputTokens: number }[] {
  const carries = (s: IngestSpan) => spanUsage(s).input !== null || spanUsage(s).output !== null;
  return innermost(byStart(spans), carries).map((s) => {
    const { input, output } = spanUsage(s);
    return { model: spanModel(s), inputTokens: input ?? 0, outputTokens: output ?? 0 };
  });
}

/** Pass the trace's conversation when it is already built, to save building it again. */
export function summarizeTrace(spans: IngestSpan[], conversation?: Message[]): TraceSummary {
  const ordered = byStart(spans);
  const startedAt = ordered[0]?.startedAt ?? 0;
  const endedAt = ordered.reduce((max, s) => Math.max(max, s.endedAt), startedAt);
  const inputTokens = sumOver(ordered, (s) => spanUsage(s).input) ?? 0;
  const outputTokens = sumOver(ordered, (s) => spanUsage(s).output) ?? 0;
  const labels = ordered.map(spanLabels);
  return {
    name: rootName(ordered),
    startedAt,
    endedAt,
    durationMs: endedAt - startedAt,
    status: statusOf(ordered),
    models: modelsOf(ordered),
    provider: firstOf(ordered, spanProvider),
    inputTokens,
    outputTokens,
    totalTokens: sumOver(ordered, spanTotal) ?? inputTokens + outputTokens,
    cost: sumOver(ordered, spanCost),
    timeToFirstTokenMs: firstOf(ordered.filter(isLlmCall), spanTimeToFirstTokenMs),
    sessionId: labels.map((l) => l.sessionId).find((id) => id !== null) ?? null,
    userId: labels.map((l) => l.userId).find((id) => id !== null) ?? null,
    environment: environmentOf(ordered),
    tags: [...new Set(labels.flatMap((l) => l.tags))],
    metadata: metadataOf(labels),
    spanCount: spans.length,
    toolCallCount: toolCallCount(ordered, () => conversation ?? buildConversation(ordered)),
    errorCount: spans.filter((s) => s.statusCode === 2).length,
  };
}
