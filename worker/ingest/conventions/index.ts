import type { IngestSpan, Message } from "../../traces/model";
import { attrText } from "./attrs";
import { genAi } from "./genai";
import { openInference } from "./openinference";
import { openLlmetry } from "./openllmetry";
import type { Convention, SpanLabels, TokenUsage, ToolExecution } from "./types";
import { vercelAi } from "./vercel-ai";

// Every convention is asked every question about a span, and the first answer wins. Order matters only where
// spans carry several conventions at once: the AI SDK's inner spans also carry gen_ai.* (its provider ids are
// normalized, so it goes first), and GenAI's structured messages beat OpenInference's raw input.value fallback.

export type { Convention, SpanLabels, TokenUsage, ToolExecution } from "./types";
export const CONVENTIONS: readonly Convention[] = [vercelAi, genAi, openInference, openLlmetry];

function first<T>(answers: Iterable<T | null>): T | null {
  for (const answer of answers) if (answer !== null) return answer;
  return null;
}

const ask = <T>(span: IngestSpan, question: (c: Convention, span: IngestSpan) => T): T[] =>
  CONVENTIONS.map((c) => question(c, span));

/**
 * Remembers an answer per span object. Settling asks the same questions of the same spans many times (history
 * length, pairing, usage, summary), and each answer may parse JSON attributes: parse once per settle instead.
 * Answers are shared, so callers must treat them as read-only.
 */
function perSpan<T>(answer: (span: IngestSpan) => T): (span: IngestSpan) => T {
  const answers = new WeakMap<IngestSpan, T>();
  return (span) => {
    if (answers.has(span)) return answers.get(span) as T;
    const value = answer(span);
    answers.set(span, value);
    return value;
  };
}

export const isLlmCall = perSpan((span): boolean => CONVENTIONS.some((c) => c.isLlmCall(span)));
export const isToolExecution = perSpan((span): boolean => CONVENTIONS.some((c) => c.isToolExecution(span)));

/** Messages only from conventions that see an LLM call here, so one convention's wrapper stays silent. */
function claimedMessages(span: IngestSpan, read: (c: Convention) => Message[]): Message[] {
  for (const convention of CONVENTIONS) {
    const messages = convention.isLlmCall(span) ? read(convention) : [];
    if (messages.length > 0) return messages;
  }
  return [];
}

export const inputMessages = perSpan((span): readonly Message[] => claimedMessages(span, (c) => c.inputMessages(span)));
export const outputMessages = perSpan((span): readonly Message[] => claimedMessages(span, (c) => c.outputMessages(span)));
export const spanModel = perSpan((span): string | null => first(ask(span, (c, s) => c.model(s))));
export const spanProvider = perSpan((span): string | null => first(ask(span, (c, s) => c.provider(s))));
export const spanCost = perSpan((span): number | null => first(ask(span, (c, s) => c.cost(s))));
export const spanFinishReason = (span: IngestSpan): string | null => first(ask(span, (c, s) => c.finishReason(s)));
export const spanTimeToFirstTokenMs = (span: IngestSpan): number | null =>
  first(ask(span, (c, s) => c.timeToFirstTokenMs(s)));

/** Field by field, so one convention's total can complete another's input/output counts on the same span. */
export const spanUsage = perSpan((span): TokenUsage => {
  const usages = ask(span, (c, s) => c.usage(s));
  return {
    input: first(usages.map((u) => u.input)),
    output: first(usages.map((u) => u.output)),
    total: first(usages.map((u) => u.total)),
  };
});

/** A tool-execution span as the assembly needs it: who ran, with what, what came back, whether it failed. */
export interface ToolSpanCall {
  spanId: string;
  id: string | null;
  name: string;
  arguments: unknown;
  result: unknown;
  isError: boolean;
}

/** OTel records exceptions as span events, whatever the convention. */
function exceptionMessage(span: IngestSpan): string | null {
  const event = span.events.find((e) => e.name === "exception");
  return event ? attrText(event.attributes, "exception.message") : null;
}

export function toolSpanCall(span: IngestSpan): ToolSpanCall {
  const answers = CONVENTIONS.filter((c) => c.isToolExecution(span)).map((c) => c.toolExecution(span));
  const pick = <K extends keyof ToolExecution>(key: K): ToolExecution[K] | null => first(answers.map((a) => a[key]));
  const conventionError = pick("error");
  const isError = span.statusCode === 2 || conventionError !== null;
  const errorText = span.statusMessage ?? exceptionMessage(span) ?? conventionError;
  return {
    spanId: span.spanId,
    id: pick("id"),
    name: pick("name") ?? span.name,
    arguments: pick("arguments"),
    result: pick("result") ?? (isError ? errorText : null),
    isError,
  };
}

/** Labels of one span: first session/user answer, tags of all conventions, metadata with earlier keys winning. */
export const spanLabels = perSpan((span: IngestSpan): SpanLabels => {
  const all = ask(span, (c, s) => c.labels(s));
  const metadata = new Map<string, string>();
  for (const labels of all)
    for (const [k, v] of Object.entries(labels.metadata)) if (!metadata.has(k)) metadata.set(k, v);
  return {
    sessionId: first(all.map((l) => l.sessionId)),
    userId: first(all.map((l) => l.userId)),
    tags: [...new Set(all.flatMap((l) => l.tags))],
    metadata: Object.fromEntries(metadata),
  };
});

export interface SpanReading {
  isLlmCall: boolean;
  input: readonly Message[];
  output: readonly Message[];
  model: string | null;
  provider: string | null;
  usage: TokenUsage;
  cost: number | null;
  timeToFirstTokenMs: number | null;
  finishReason: string | null;
  tool: ToolSpanCall | null;
  labels: SpanLabels;
}

/** Everything the conventions say about one span, for inspection and tests. */
export function readSpan(span: IngestSpan): SpanReading {
  const llm = isLlmCall(span);
  const tool = isToolExecution(span);
  return {
    isLlmCall: llm,
    input: llm ? inputMessages(span) : [],
    output: llm ? outputMessages(span) : [],
    model: spanModel(span),
    provider: spanProvider(span),
    usage: spanUsage(span),
    cost: spanCost(span),
    timeToFirstTokenMs: spanTimeToFirstTokenMs(span),
    finishReason: spanFinishReason(span),
    tool: tool ? toolSpanCall(span) : null,
    labels: spanLabels(span),
  };
}
