import type { IngestSpan, TraceSummary } from "../traces/model";
import { attrNumber, attrText, decodeStructured, stringify } from "./genai-attrs";
import { buildConversation, byStart } from "./genai-conversation";
import { isLlmSpan, isToolSpan } from "./genai-spans";

// Trace-level facts for the trace list and filters, from the GenAI conventions (current names first, then older).

const INPUT_TOKENS = ["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"];
const OUTPUT_TOKENS = ["gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"];
const COST = "gen_ai.usage.cost";

const firstNumber = (span: IngestSpan, keys: string[]): number | null =>
  keys.map((key) => attrNumber(span.attributes, key)).find((n) => n !== null) ?? null;

/**
 * Spans carrying a value none of whose descendants carry it. Agent frameworks repeat their children's usage as a
 * total on the agent span; summing only the innermost spans counts each LLM call once.
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

function sumOver(spans: IngestSpan[], keys: string[]): number | null {
  const values = innermost(spans, (s) => firstNumber(s, keys) !== null).map((s) => firstNumber(s, keys) ?? 0);
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) : null;
}

/** First value in priority order of keys, then in time order of spans. */
function firstText(spans: IngestSpan[], keys: string[], from: "attributes" | "resource"): string | null {
  for (const key of keys) {
    for (const span of spans) {
      const value = attrText(span[from], key);
      if (value !== null) return value;
    }
  }
  return null;
}

function rootName(ordered: IngestSpan[]): string {
  const ids = new Set(ordered.map((s) => s.spanId));
  const root = ordered.find((s) => s.parentSpanId === null || !ids.has(s.parentSpanId)) ?? ordered[0];
  return root?.name ?? "";
}

function modelsOf(ordered: IngestSpan[]): string[] {
  const models = ordered.map(
    (s) => attrText(s.attributes, "gen_ai.response.model") ?? attrText(s.attributes, "gen_ai.request.model")
  );
  return [...new Set(models.filter((m): m is string => m !== null))];
}

function tagsOf(ordered: IngestSpan[]): string[] {
  const tags = ordered.flatMap((span) => {
    const raw = decodeStructured(span.attributes.tags);
    if (Array.isArray(raw)) return raw.map(stringify);
    return typeof raw === "string" ? raw.split(",") : [];
  });
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ""))];
}

/** `metadata.*` attributes, earliest span winning, so the root's values beat a child's override. */
function metadataOf(ordered: IngestSpan[]): Record<string, string> {
  const metadata = new Map<string, string>();
  for (const span of ordered) {
    for (const [key, value] of Object.entries(span.attributes)) {
      const name = key.slice("metadata.".length);
      if (key.startsWith("metadata.") && name !== "" && !metadata.has(name)) metadata.set(name, stringify(value));
    }
  }
  return Object.fromEntries(metadata);
}

function statusOf(spans: IngestSpan[]): TraceSummary["status"] {
  if (spans.some((s) => s.statusCode === 2)) return "error";
  return spans.some((s) => s.statusCode === 1) ? "ok" : "unset";
}

function timeToFirstToken(ordered: IngestSpan[]): number | null {
  const key = "gen_ai.response.time_to_first_chunk";
  const seconds = ordered
    .filter(isLlmSpan)
    .map((s) => attrNumber(s.attributes, key))
    .find((n) => n !== null);
  return seconds == null ? null : seconds * 1000;
}

function toolCallCount(ordered: IngestSpan[]): number {
  const toolSpans = ordered.filter(isToolSpan).length;
  if (toolSpans > 0) return toolSpans;
  return buildConversation(ordered).reduce((n, m) => n + m.parts.filter((p) => p.type === "tool_call").length, 0);
}

export function summarizeTrace(spans: IngestSpan[]): TraceSummary {
  const ordered = byStart(spans);
  const startedAt = ordered[0]?.startedAt ?? 0;
  const endedAt = ordered.reduce((max, s) => Math.max(max, s.endedAt), startedAt);
  const inputTokens = sumOver(ordered, INPUT_TOKENS) ?? 0;
  const outputTokens = sumOver(ordered, OUTPUT_TOKENS) ?? 0;
  return {
    name: rootName(ordered),
    startedAt,
    endedAt,
    durationMs: endedAt - startedAt,
    status: statusOf(ordered),
    models: modelsOf(ordered),
    provider: firstText(ordered, ["gen_ai.provider.name", "gen_ai.system"], "attributes"),
    inputTokens,
    outputTokens,
    totalTokens: inputTokens + outputTokens,
    cost: sumOver(ordered, [COST]),
    timeToFirstTokenMs: timeToFirstToken(ordered),
    sessionId: firstText(ordered, ["session.id", "gen_ai.conversation.id"], "attributes"),
    userId: firstText(ordered, ["user.id", "enduser.id"], "attributes"),
    environment: firstText(ordered, ["deployment.environment.name", "deployment.environment"], "resource"),
    tags: tagsOf(ordered),
    metadata: metadataOf(ordered),
    spanCount: spans.length,
    toolCallCount: toolCallCount(ordered),
    errorCount: spans.filter((s) => s.statusCode === 2).length,
  };
}
