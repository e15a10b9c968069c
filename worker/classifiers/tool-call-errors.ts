import { isRecord, parseJson } from "../ingest/conventions/attrs";
import { isToolExecution, toolSpanCall } from "../ingest/conventions";
import type { IngestSpan } from "../traces/model";
import { decoded, excerpt, type ToolStep, toolInteractions } from "./tool-calls";
import type { ClassifierTrace, ClassifierVerdict, Evidence, RuleClassifier } from "./types";

// Tool Call Errors: a failed tool result, a failed tool span, or a malformed interaction (arguments that are not
// JSON, a call never answered although the conversation moved on, a result for a call id nobody made).

type FindingKind = "failed_result" | "failed_span" | "invalid_arguments" | "missing_result" | "unknown_call_id";

interface Finding {
  kind: FindingKind;
  tool: string | null;
  at?: Evidence;
  detail: string;
  /** Explicit failure flags are certain; failures read from the result's text are a pattern match. */
  confidence: number;
}

const ERROR_PREFIX = /^\s*(?:error|exception|fatal(?: error)?)\s*[:\-–—!]/i;
const ERROR_CLASS = /^\s*[A-Z][\w.]*(?:Error|Exception)\b\s*[:(]/;
const TRACEBACK = /^\s*Traceback \(most recent call last\)/;
const HTTP_FAILURE =
  /^\s*(?:HTTP\/[\d.]+\s+)?[45]\d\d\s+(?:bad request|unauthorized|forbidden|not found|method not allowed|conflict|gone|unprocessable|too many requests|internal server error|bad gateway|service unavailable|gateway timeout)/i;
const STATUS_CODE = /\bstatus(?: code)? [45]\d\d\b/i;
const FAILED_TO = /^\s*(?:failed to|unable to|could not)\b/i;
// Framework wrappers: "An error occurred while running the tool..." (OpenAI Agents), "Error executing tool x" (MCP).
const ERROR_OCCURRED = /^\s*(?:an? )?(?:unexpected |internal )?error (?:occurred|has occurred|executing|while|calling|running|invoking)\b/i;

/** Why a result's text reads as a failure, if it does: error prefixes, exception names, tracebacks, HTTP errors. */
function textFailure(text: string): string | null {
  if ([ERROR_PREFIX, ERROR_CLASS, TRACEBACK, HTTP_FAILURE, FAILED_TO, ERROR_OCCURRED].some((re) => re.test(text))) return text;
  return text.length <= 300 && STATUS_CODE.test(text) ? text : null;
}

const truthy = (value: unknown) =>
  value === true || (typeof value === "string" && value.trim() !== "") || isRecord(value) || (typeof value === "number" && value !== 0);

/** MCP tool results carry their message as content blocks: [{type: "text", text}]. */
function contentText(content: unknown): string | null {
  if (!Array.isArray(content)) return typeof content === "string" ? content : null;
  const texts = content.flatMap((block) => (isRecord(block) && typeof block.text === "string" ? [block.text] : []));
  return texts.length > 0 ? texts.join(" ") : null;
}

/** Error envelopes of common APIs and tool protocols: {error}, {errors: [...]}, {isError}, {success: false}... */
function objectFailure(value: Record<string, unknown>): string | null {
  if (truthy(value.error) || truthy(value.exception)) return excerpt(value.error ?? value.exception);
  if (Array.isArray(value.errors) && value.errors.length > 0) return excerpt(value.errors[0]);
  if (value.isError === true || value.is_error === true) return excerpt(contentText(value.content) ?? value.message ?? value);
  // Only "error": a record's own status ("failed" payment, "failed" job) is data the tool fetched correctly.
  if (typeof value.status === "string" && value.status.toLowerCase() === "error") return excerpt(value.message ?? value);
  if (value.success === false || value.ok === false) return excerpt(value.message ?? value.reason ?? value);
  const code = value.statusCode ?? value.status_code ?? value.status;
  return typeof code === "number" && code >= 400 && code < 600 ? excerpt(value) : null;
}

/** Whether a tool's result says it failed, and how sure that reading is. */
export function resultFailure(value: unknown): { detail: string; confidence: number } | null {
  const inner = decoded(value);
  if (isRecord(inner)) {
    const detail = objectFailure(inner);
    return detail === null ? null : { detail, confidence: 1 };
  }
  if (typeof inner !== "string") return null;
  const detail = textFailure(inner);
  return detail === null ? null : { detail: excerpt(detail), confidence: 0.85 };
}

/**
 * Model-written arguments must be JSON. A tool span's own input (recorded when the history had no call) may be
 * plain text, so there only text that starts like JSON and does not parse counts.
 */
function invalidArguments(step: ToolStep, spansById: Map<string, IngestSpan>): boolean {
  if (typeof step.arguments !== "string" || step.arguments.trim() === "") return false;
  if (parseJson(step.arguments).ok) return false;
  const origin = step.spanId === null ? undefined : spansById.get(step.spanId);
  return /^\s*[[{]/.test(step.arguments) || origin === undefined || !isToolExecution(origin);
}

function conversationFindings(trace: ClassifierTrace): Finding[] {
  const { steps, orphans } = toolInteractions(trace.conversation);
  const spansById = new Map(trace.spans.map((s) => [s.spanId, s]));
  const lastAssistant = trace.conversation.findLastIndex((m) => m.role === "assistant");
  const findings: Finding[] = [];
  for (const step of steps) {
    const { result, name: tool } = step;
    if (invalidArguments(step, spansById)) {
      findings.push({ kind: "invalid_arguments", tool, at: step.at, detail: excerpt(step.arguments), confidence: 1 });
    }
    if (result?.isError) {
      findings.push({ kind: "failed_result", tool, at: result.at, detail: excerpt(result.value), confidence: 1 });
    } else if (result) {
      const failure = resultFailure(result.value);
      if (failure) findings.push({ kind: "failed_result", tool, at: result.at, ...failure });
    } else if (step.at.messageIndex < lastAssistant) {
      // An unanswered call in the final message is a hand-off to the caller; earlier, the agent moved on without it.
      findings.push({ kind: "missing_result", tool, at: step.at, detail: "no result before the next model turn", confidence: 1 });
    }
  }
  for (const orphan of orphans.filter((o) => o.id !== null)) {
    findings.push({ kind: "unknown_call_id", tool: null, at: orphan.at, detail: `call id ${orphan.id}`, confidence: 1 });
  }
  return findings;
}

/** Failed tool spans whose result never reached the conversation (e.g. a retry inside the tool). */
function spanFindings(trace: ClassifierTrace): Finding[] {
  const shownSpans = new Set(trace.conversation.map((m) => m.spanId));
  const answeredIds = new Set(trace.conversation.flatMap((m) => m.parts.flatMap((p) => (p.type === "tool_result" ? [p.id] : []))));
  return trace.spans.filter(isToolExecution).flatMap((span): Finding[] => {
    const call = toolSpanCall(span);
    if (!call.isError || shownSpans.has(span.spanId) || (call.id !== null && answeredIds.has(call.id))) return [];
    const at = trace.conversation.findIndex((m) => m.parts.some((p) => p.type === "tool_call" && p.name === call.name));
    const detail = excerpt(span.statusMessage ?? call.result ?? "error status");
    return [{ kind: "failed_span", tool: call.name, at: at >= 0 ? { messageIndex: at } : undefined, detail, confidence: 1 }];
  });
}

const DESCRIBE: Record<FindingKind, (f: Finding) => string> = {
  failed_result: (f) => `Tool "${f.tool}" returned a failure: ${f.detail}`,
  failed_span: (f) => `Tool span "${f.tool}" ended in error: ${f.detail}`,
  invalid_arguments: (f) => `Tool call "${f.tool}" has arguments that are not valid JSON: ${f.detail}`,
  missing_result: (f) => `Tool call "${f.tool}" got no result before the conversation moved on`,
  unknown_call_id: (f) => `A tool result answers a call that was never made (${f.detail})`,
};

const position = (f: Finding) => f.at?.messageIndex ?? Number.MAX_SAFE_INTEGER;

export const toolCallErrors: RuleClassifier = {
  key: "tool_call_errors",
  version: "1",
  classify(trace): ClassifierVerdict {
    const findings = [...conversationFindings(trace), ...spanFindings(trace)].sort((a, b) => position(a) - position(b));
    const first = findings[0];
    if (!first) {
      const calls = toolInteractions(trace.conversation).steps.length;
      const reason = calls === 0 ? "No tool calls in this trace." : `All ${calls} tool calls returned results without a failure signal.`;
      return { flagged: false, confidence: calls === 0 ? 1 : 0.9, reason };
    }
    const more = findings.length > 1 ? ` (and ${findings.length - 1} more tool problem${findings.length > 2 ? "s" : ""})` : "";
    return {
      flagged: true,
      confidence: Math.max(...findings.map((f) => f.confidence)),
      reason: `${DESCRIBE[first.kind](first)}${more}.`,
      evidence: first.at,
      details: { findings: findings.map(({ kind, tool, at }) => ({ kind, tool, ...at })) },
    };
  },
};
