import type { IngestSpan } from "../traces/model";

// Evaluation results carried in OTLP, per the OpenTelemetry GenAI semantic conventions (events.yaml,
// `gen_ai.evaluation.result`): `gen_ai.evaluation.name` (required), `gen_ai.evaluation.score.value`,
// `gen_ai.evaluation.score.label` (each "if applicable"), `gen_ai.evaluation.explanation`, and `error.type` when the
// evaluation itself failed. Exporters put them on a span event of that name (parented to the span evaluated); others,
// where events are unavailable or deprecated, emit a zero-length span carrying the same attributes. Both are read.

export const EVALUATION_EVENT = "gen_ai.evaluation.result";
const NAME = "gen_ai.evaluation.name";
const SCORE_VALUE = "gen_ai.evaluation.score.value";
const SCORE_LABEL = "gen_ai.evaluation.score.label";
const EXPLANATION = "gen_ai.evaluation.explanation";
const ERROR_TYPE = "error.type";

const MAX_NAME = 200;

export interface EvaluationScore {
  traceId: string;
  /** The span the result was found on (for an event, the span evaluated). */
  spanId: string;
  evaluation: string;
  valueNumber: number | null;
  valueLabel: string | null;
  reason: string | null;
  /** When the result was recorded (epoch ms): the event's time, or the carrying span's end. */
  at: number;
}

/** OTLP JSON carries int64 as strings and non-finite doubles as "NaN"/"Infinity": only finite numbers count. */
function finiteNumber(raw: unknown): number | null {
  const value = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
  return Number.isFinite(value) ? value : null;
}

const nonEmptyText = (raw: unknown): string | null => (typeof raw === "string" && raw.trim() !== "" ? raw.trim() : null);

function readResult(traceId: string, spanId: string, at: number, attributes: Record<string, unknown>): EvaluationScore | null {
  const evaluation = nonEmptyText(attributes[NAME]);
  if (!evaluation || evaluation.length > MAX_NAME) return null;
  // A failed evaluation has no verdict to hold against the humans.
  if (attributes[ERROR_TYPE] !== undefined && attributes[ERROR_TYPE] !== null) return null;
  const valueNumber = finiteNumber(attributes[SCORE_VALUE]);
  const label = attributes[SCORE_LABEL];
  const valueLabel = typeof label === "boolean" ? String(label) : nonEmptyText(label);
  if (valueNumber === null && valueLabel === null) return null;
  return { traceId, spanId, evaluation, valueNumber, valueLabel, reason: nonEmptyText(attributes[EXPLANATION]), at };
}

/**
 * Every evaluation result in a trace's spans, one per (trace, evaluation): a trace holds one score per evaluation
 * and source, so when several results name the same evaluation the latest wins (ties: the later span or event).
 * Pure; the settle pipeline stores the result with `upsertScores(..., source "otlp")`.
 */
export function extractEvaluationScores(spans: readonly IngestSpan[]): EvaluationScore[] {
  const found: EvaluationScore[] = [];
  for (const span of spans) {
    const onSpan = readResult(span.traceId, span.spanId, span.endedAt, span.attributes);
    if (onSpan) found.push(onSpan);
    for (const event of span.events) {
      if (event.name !== EVALUATION_EVENT) continue;
      const onEvent = readResult(span.traceId, span.spanId, event.time, event.attributes ?? {});
      if (onEvent) found.push(onEvent);
    }
  }
  const latest = new Map<string, EvaluationScore>();
  for (const score of found) {
    const key = JSON.stringify([score.traceId, score.evaluation]);
    const previous = latest.get(key);
    if (!previous || score.at >= previous.at) latest.set(key, score);
  }
  return [...latest.values()];
}
