import { attrText } from "../ingest/conventions/attrs";
import { isLlmCall, outputMessages } from "../ingest/conventions";
import { byStart } from "../ingest/genai-conversation";
import type { IngestSpan, Message } from "../traces/model";
import { type Degeneracy, degeneracy } from "./degenerate-text";
import { structuredRequest } from "./structured-request";
import type { ClassifierTrace, ClassifierVerdict, Evidence, RuleClassifier } from "./types";

// Empty Response: the final assistant answer is empty, whitespace, one character repeated, symbols without a word,
// or a unit repeated until it fills the answer, when text was expected. A final turn of tool calls only hands
// control to the tools and is skipped; so are answers that were not meant to be text (images, speech).

/** Attributes that hold a span's output in some convention: present-but-empty means the model said nothing. */
const OUTPUT_KEYS = ["ai.response.text", "ai.response.object", "gen_ai.output.messages", "gen_ai.completion", "output.value"];
const OUTPUT_PREFIXES = ["gen_ai.completion.", "llm.completions.", "llm.output_messages."];
const OUTPUT_EVENTS = ["gen_ai.choice", "gen_ai.content.completion"];
const NOT_TEXT = new Set(["image", "speech", "audio"]);

function recordedOutput(span: IngestSpan): boolean {
  const keys = Object.keys(span.attributes);
  return (
    OUTPUT_KEYS.some((key) => span.attributes[key] != null) ||
    keys.some((key) => OUTPUT_PREFIXES.some((prefix) => key.startsWith(prefix)) && /\.(content|role)$/.test(key)) ||
    span.events.some((e) => OUTPUT_EVENTS.includes(e.name))
  );
}

interface FinalAnswer {
  parts: Message["parts"];
  span: IngestSpan | undefined;
  evidence: Evidence;
  /** The model's reply is missing from the conversation: evidence points at the message it failed to answer. */
  unanswered: boolean;
}

type Outcome = { answer: FinalAnswer } | { skip: string };

/** The final answer: the conversation's last message if the assistant's, else what the last model call returned. */
function finalAnswer(trace: ClassifierTrace): Outcome {
  const { conversation } = trace;
  const lastIndex = conversation.length - 1;
  const last = conversation[lastIndex];
  if (!last) return { skip: "No conversation was recorded." };
  const byId = new Map(trace.spans.map((s) => [s.spanId, s]));
  if (last.role === "assistant") {
    return { answer: { parts: last.parts, span: byId.get(last.spanId ?? ""), evidence: { messageIndex: lastIndex }, unanswered: false } };
  }
  const span = byStart(trace.spans).findLast(isLlmCall);
  if (!span) return { skip: `The conversation ends with a ${last.role} message and no model call answered it.` };
  if (span.statusCode === 2) return { skip: "The final model call failed, so there is no answer to judge." };
  const output = outputMessages(span).filter((m) => m.role === "assistant");
  if (output.length === 0 && !recordedOutput(span)) return { skip: "The final model call recorded no output (content capture is off)." };
  const parts = output.flatMap((m) => m.parts);
  return { answer: { parts, span, evidence: { messageIndex: lastIndex }, unanswered: true } };
}

const DESCRIBE: Record<Degeneracy["kind"], (d: Degeneracy) => string> = {
  empty: () => "is empty",
  whitespace: () => "is only whitespace",
  repeated_character: (d) => `is the character "${d.unit}" repeated ${d.repeats} times`,
  no_words: () => "has symbols but not a single word",
  repetition: (d) => `is "${(d.unit ?? "").slice(0, 60)}" repeated ${d.repeats} times`,
};

function verdictFor(answer: FinalAnswer, found: Degeneracy, reasoning: boolean): ClassifierVerdict {
  const subject = answer.unanswered ? "The model's answer to this message" : "The final assistant answer";
  const thought = reasoning ? " (it produced reasoning but no answer text)" : "";
  const textPart = answer.parts.findIndex((p) => p.type === "text");
  const evidence = !answer.unanswered && textPart >= 0 ? { ...answer.evidence, partIndex: textPart } : answer.evidence;
  const certain = found.kind === "empty" || found.kind === "whitespace" || found.kind === "repeated_character";
  return {
    flagged: true,
    confidence: certain ? 1 : 0.9,
    reason: `${subject} ${DESCRIBE[found.kind](found)}${thought}.`,
    evidence,
    details: { kind: found.kind, ...(found.unit !== undefined ? { unit: found.unit, repeats: found.repeats } : {}) },
  };
}

export const emptyResponse: RuleClassifier = {
  key: "empty_response",
  version: "1",
  classify(trace): ClassifierVerdict {
    const outcome = finalAnswer(trace);
    if ("skip" in outcome) return { flagged: false, confidence: 0.9, reason: outcome.skip };
    const { answer } = outcome;
    if (answer.parts.some((p) => p.type === "tool_call")) {
      return { flagged: false, confidence: 1, reason: "The final assistant turn hands control to tools (tool-call-only delegation)." };
    }
    const outputType = answer.span ? attrText(answer.span.attributes, "gen_ai.output.type") : null;
    if (outputType !== null && NOT_TEXT.has(outputType)) {
      return { flagged: false, confidence: 1, reason: `The final call asked for ${outputType} output, not text.` };
    }
    const text = answer.parts.flatMap((p) => (p.type === "text" ? [p.content] : [])).join("");
    const found = degeneracy(text);
    // A structured answer is judged by Output Schema Validation; here only an answer with no content counts.
    const structured = answer.span !== undefined && structuredRequest(answer.span, new Map()) !== null;
    if (!found || (structured && found.kind !== "empty" && found.kind !== "whitespace")) {
      return { flagged: false, confidence: 0.95, reason: "The final assistant answer has substantive text." };
    }
    return verdictFor(answer, found, answer.parts.some((p) => p.type === "reasoning"));
  },
};
