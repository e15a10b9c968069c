import { parseJson } from "../ingest/conventions/attrs";
import { isLlmCall, outputMessages, spanFinishReason } from "../ingest/conventions";
import { byStart } from "../ingest/genai-conversation";
import type { IngestSpan, Message } from "../traces/model";
import { checkAgainstSchema } from "./schema-check";
import { structuredRequest, type StructuredRequest } from "./structured-request";
import { excerpt } from "./tool-calls";
import type { ClassifierTrace, ClassifierVerdict, Evidence, RuleClassifier } from "./types";

// Output Schema Validation: an LLM span that asked for structured output (see structured-request.ts) whose answer
// does not parse as JSON, was cut off by the token limit, or breaks the schema it declared.

/** Finish reasons meaning "stopped at the token limit", across providers (OpenAI, Anthropic, Gemini, AI SDK). */
const TRUNCATED = new Set(["length", "max_tokens", "max_output_tokens", "model_length", "token_limit"]);

type Problem = "truncated" | "unparseable" | "schema_mismatch";

interface Judgement {
  span: IngestSpan;
  request: StructuredRequest;
  problems: Problem[];
  detail: string;
  /** Why a declared schema could not be applied, when it could not. */
  schemaNote?: string;
}

const textOf = (messages: readonly Message[]): string | null => {
  const texts = messages.flatMap((m) => m.parts.flatMap((p) => (p.type === "text" ? [p.content] : [])));
  return texts.length > 0 ? texts.join("") : null;
};

function judge(span: IngestSpan, request: StructuredRequest): Judgement | null {
  const finish = spanFinishReason(span)?.toLowerCase() ?? null;
  const cutOff: Problem[] = finish !== null && TRUNCATED.has(finish) ? ["truncated"] : [];
  const judged = { span, request, problems: cutOff, detail: `finish reason "${finish}"` };
  const answer = textOf(outputMessages(span));
  // No text at all: content capture is off, or the model answered with a tool call; only a cut-off is visible.
  if (answer === null) return cutOff.length > 0 ? judged : null;
  const parsed = parseJson(answer);
  if (!parsed.ok) {
    const fenced = /^\s*```/.test(answer) ? " (wrapped in a markdown code fence)" : "";
    return { ...judged, problems: [...cutOff, "unparseable"], detail: `${excerpt(answer, 80)}${fenced}` };
  }
  if (request.schema === undefined) return judged;
  const check = checkAgainstSchema(request.schema, parsed.value);
  if (check.status === "invalid") return { ...judged, problems: [...cutOff, "schema_mismatch"], detail: check.error };
  return check.status === "unusable" ? { ...judged, schemaNote: check.why } : judged;
}

/** The conversation message holding this span's answer, if the answer is part of the conversation. */
function evidenceFor(conversation: readonly Message[], span: IngestSpan): Evidence | undefined {
  const answer = textOf(outputMessages(span));
  const at = conversation.findIndex(
    (m) => m.role === "assistant" && (m.spanId === span.spanId || (answer !== null && textOf([m]) === answer))
  );
  if (at < 0) return undefined;
  const partIndex = conversation[at]?.parts.findIndex((p) => p.type === "text") ?? -1;
  return partIndex >= 0 ? { messageIndex: at, partIndex } : { messageIndex: at };
}

function reasonFor(j: Judgement): string {
  const asked = `asked for JSON (${j.request.source})`;
  if (j.problems.includes("schema_mismatch")) return `The answer of "${j.span.name}", which ${asked}, breaks the declared schema: ${j.detail}`;
  if (j.problems.includes("unparseable")) {
    const cut = j.problems.includes("truncated") ? " and was cut off at the token limit" : "";
    return `The answer of "${j.span.name}", which ${asked}, does not parse as JSON${cut}: ${j.detail}`;
  }
  return `The answer of "${j.span.name}", which ${asked}, was cut off at the token limit (${j.detail}).`;
}

export const outputSchemaValidation: RuleClassifier = {
  key: "output_schema_validation",
  version: "1",
  classify(trace: ClassifierTrace): ClassifierVerdict {
    const byId = new Map(trace.spans.map((s) => [s.spanId, s]));
    const judged = byStart(trace.spans)
      .filter(isLlmCall)
      .flatMap((span) => {
        const request = structuredRequest(span, byId);
        const judgement = request ? judge(span, request) : null;
        return judgement ? [judgement] : [];
      });
    const failed = judged.filter((j) => j.problems.length > 0);
    const first = failed[0];
    if (!first) {
      const notes = judged.flatMap((j) => (j.schemaNote ? [`the schema of "${j.span.name}" could not be applied: ${j.schemaNote.replace(/[.\s]+$/, "")}`] : []));
      const checked = judged.filter((j) => j.request.schema !== undefined && !j.schemaNote).length;
      const plural = judged.length > 1 ? "s" : "";
      const reason =
        judged.length === 0
          ? "No GenAI span asked for structured output (or none recorded its answer)."
          : `${judged.length} structured answer${plural} parsed as JSON${checked > 0 ? ` (${checked} matched a declared schema)` : ""}.`;
      return { flagged: false, confidence: 1, reason: notes.length > 0 ? `${reason} Note: ${notes.join("; ")}.` : reason };
    }
    return {
      flagged: true,
      confidence: 1,
      reason: reasonFor(first),
      evidence: evidenceFor(trace.conversation, first.span),
      details: {
        spanId: first.span.spanId,
        problems: first.problems,
        source: first.request.source,
        failedSpans: failed.length,
        structuredSpans: judged.length,
      },
    };
  },
};
