import type { IngestSpan, Message } from "../../traces/model";

// The questions every telemetry convention answers about one span. A convention answers null (or an empty
// list) when the span does not carry its attributes, so the registry can ask all of them and take the first
// answer: detection is per span and per question, and a trace may mix conventions freely.

export interface TokenUsage {
  input: number | null;
  output: number | null;
  /** As reported; may exceed input + output (reasoning, cache), so it is not recomputed when present. */
  total: number | null;
}

/** What a tool-execution span says about the call it ran. */
export interface ToolExecution {
  id: string | null;
  name: string | null;
  arguments: unknown;
  result: unknown;
  /** Failure described by the convention itself; the span status is read by the caller, once for all. */
  error: string | null;
}

/** Trace-level labels that any span may carry; the earliest span's value wins at the trace level. */
export interface SpanLabels {
  sessionId: string | null;
  userId: string | null;
  tags: string[];
  metadata: Record<string, string>;
}

export interface Convention {
  readonly name: string;
  /** A single model call whose messages are the conversation (not a wrapper that merely repeats them). */
  isLlmCall(span: IngestSpan): boolean;
  /** System instructions and input messages as sent to the model, in order. */
  inputMessages(span: IngestSpan): Message[];
  outputMessages(span: IngestSpan): Message[];
  model(span: IngestSpan): string | null;
  provider(span: IngestSpan): string | null;
  usage(span: IngestSpan): TokenUsage;
  cost(span: IngestSpan): number | null;
  timeToFirstTokenMs(span: IngestSpan): number | null;
  finishReason(span: IngestSpan): string | null;
  isToolExecution(span: IngestSpan): boolean;
  toolExecution(span: IngestSpan): ToolExecution;
  labels(span: IngestSpan): SpanLabels;
}
