import type { IngestSpan, Message, MessagePart } from "../../traces/model";
import {
  attrText,
  firstNumber,
  firstText,
  hasIndexed,
  indexedGroups,
  isRecord,
  jsonValue,
  parseJson,
  textValues,
  underPrefix,
} from "./attrs";
import { legacyContent } from "./messages";
import { type Role, splitByRole, toolCallPart, toolResultPart, toRole } from "./parts";
import type { Convention, SpanLabels, ToolExecution } from "./types";

// OpenLLMetry (Traceloop): messages flattened into `gen_ai.prompt.N.*` / `gen_ai.completion.N.*` (named
// `llm.prompts.N.*` / `llm.completions.N.*` before 2024), workflow structure in `traceloop.*`.

const PROMPT_PREFIXES = ["gen_ai.prompt", "llm.prompts"];
const COMPLETION_PREFIXES = ["gen_ai.completion", "llm.completions"];
const ASSOCIATION = "traceloop.association.properties";

const spanKind = (span: IngestSpan): string | null => attrText(span.attributes, "traceloop.span.kind");

function isLlmCall(span: IngestSpan): boolean {
  const type = attrText(span.attributes, "llm.request.type");
  if (type === "chat" || type === "completion") return true;
  return [...PROMPT_PREFIXES, ...COMPLETION_PREFIXES].some((prefix) => hasIndexed(span.attributes, prefix));
}

/** List content (multimodal, Anthropic blocks) is serialized as JSON text; plain text stays as it is. */
function contentParts(content: unknown): MessagePart[] {
  if (typeof content === "string" && content.trimStart().startsWith("[")) {
    const parsed = parseJson(content);
    const isBlocks = parsed.ok && Array.isArray(parsed.value) && parsed.value.every((b) => isRecord(b) && "type" in b);
    if (parsed.ok && isBlocks) return legacyContent(parsed.value);
  }
  return legacyContent(content);
}

/** `tool_calls.K.*`, skipping calls already present as content blocks (Anthropic records both). */
function toolCalls(message: Record<string, unknown>, blocks: MessagePart[]): MessagePart[] {
  const known = new Set(blocks.map((p) => (p.type === "tool_call" ? p.id : null)).filter((id) => id !== null));
  const calls = indexedGroups(message, "tool_calls").flatMap((call) => {
    const name = attrText(call, "name");
    const id = attrText(call, "id");
    return name === null || (id !== null && known.has(id)) ? [] : [toolCallPart(id, name, call.arguments)];
  });
  const legacyName = attrText(message, "function_call.name");
  return legacyName === null ? calls : [...calls, toolCallPart(null, legacyName, message["function_call.arguments"])];
}

function toMessages(message: Record<string, unknown>, fallback: Role, spanId: string): Message[] {
  const role = toRole(message.role, fallback);
  const callId = attrText(message, "tool_call_id");
  // Text-completion prompts are recorded under `user` rather than `content`.
  const blocks = contentParts(message.content ?? message.user);
  const isBlockResult = blocks.length > 0 && blocks.every((p) => p.type === "tool_result");
  if ((role === "tool" || callId !== null) && !isBlockResult) {
    return [{ role: "tool", parts: [toolResultPart(callId, message.content)], spanId }];
  }
  return splitByRole(role, [...blocks, ...toolCalls(message, blocks)], spanId);
}

function flattened(span: IngestSpan, prefixes: string[], role: Role): Message[] {
  const prefix = prefixes.find((p) => hasIndexed(span.attributes, p));
  if (prefix === undefined) return [];
  return indexedGroups(span.attributes, prefix).flatMap((m) => toMessages(m, role, span.spanId));
}

function finishReason(span: IngestSpan): string | null {
  for (const prefix of COMPLETION_PREFIXES) {
    const reason = attrText(indexedGroups(span.attributes, prefix)[0] ?? {}, "finish_reason");
    if (reason !== null) return reason;
  }
  return null;
}

/** Entity inputs are JSON; the Python decorators wrap a call's arguments as {args: [...], kwargs: {...}}. */
function unwrapArguments(value: unknown): unknown {
  if (!isRecord(value) || !Object.keys(value).every((key) => key === "args" || key === "kwargs")) return value;
  const args = Array.isArray(value.args) ? value.args : [];
  const kwargs = isRecord(value.kwargs) ? value.kwargs : {};
  if (args.length === 0) return kwargs;
  return Object.keys(kwargs).length === 0 && args.length === 1 ? args[0] : value;
}

function toolExecution(span: IngestSpan): ToolExecution {
  const attrs = span.attributes;
  return {
    id: null,
    name: attrText(attrs, "traceloop.entity.name"),
    arguments: unwrapArguments(jsonValue(attrs["traceloop.entity.input"])),
    result: jsonValue(attrs["traceloop.entity.output"]),
    error: null,
  };
}

/** Association properties are free-form; session and user ids are the two with a meaning of their own. */
function labels(span: IngestSpan): SpanLabels {
  const properties = underPrefix(span.attributes, ASSOCIATION);
  const sessionKeys = ["session_id", "sessionId"];
  const userKeys = ["user_id", "userId"];
  const rest = Object.entries(properties).filter(([key]) => !sessionKeys.includes(key) && !userKeys.includes(key));
  return {
    sessionId: firstText(properties, sessionKeys),
    userId: firstText(properties, userKeys),
    tags: [],
    metadata: textValues(Object.fromEntries(rest)),
  };
}

export const openLlmetry: Convention = {
  name: "openllmetry",
  isLlmCall,
  inputMessages: (span) => flattened(span, PROMPT_PREFIXES, "user"),
  outputMessages: (span) => flattened(span, COMPLETION_PREFIXES, "assistant"),
  model: (span) =>
    firstText(span.attributes, [
      "gen_ai.response.model",
      "gen_ai.request.model",
      "llm.response.model",
      "llm.request.model",
    ]),
  provider: (span) => firstText(span.attributes, ["gen_ai.system", "llm.vendor"]),
  usage: (span) => ({
    input: firstNumber(span.attributes, [
      "gen_ai.usage.prompt_tokens",
      "gen_ai.usage.input_tokens",
      "llm.usage.prompt_tokens",
    ]),
    output: firstNumber(span.attributes, [
      "gen_ai.usage.completion_tokens",
      "gen_ai.usage.output_tokens",
      "llm.usage.completion_tokens",
    ]),
    total: firstNumber(span.attributes, ["llm.usage.total_tokens"]),
  }),
  cost: () => null,
  timeToFirstTokenMs: () => null,
  finishReason,
  isToolExecution: (span) => spanKind(span) === "tool",
  toolExecution,
  labels,
};
