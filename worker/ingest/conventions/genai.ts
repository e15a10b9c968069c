import type { IngestSpan } from "../../traces/model";
import {
  attrNumber,
  attrText,
  decodeStructured,
  firstNumber,
  firstText,
  stringList,
  textValues,
  underPrefix,
} from "./attrs";
import { choiceFinishReason, genAiInput, genAiOutput, isGenAiLlmSpan, operationOf } from "./genai-messages";
import type { Convention, SpanLabels, TokenUsage, ToolExecution } from "./types";

// OTel GenAI semantic conventions, current names first, then the older ones still emitted by many SDKs. The
// general OTel attributes for sessions, users, tags and metadata are read here too, as the baseline convention.

const INPUT_TOKENS = ["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"];
const OUTPUT_TOKENS = ["gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"];

function usage(span: IngestSpan): TokenUsage {
  const attrs = span.attributes;
  return {
    input: firstNumber(attrs, INPUT_TOKENS),
    output: firstNumber(attrs, OUTPUT_TOKENS),
    // Not in the conventions, but sent by some SDKs; reported totals are kept as reported.
    total: attrNumber(attrs, "gen_ai.usage.total_tokens"),
  };
}

function timeToFirstTokenMs(span: IngestSpan): number | null {
  const seconds = attrNumber(span.attributes, "gen_ai.response.time_to_first_chunk");
  return seconds === null ? null : seconds * 1000;
}

/** gen_ai.response.finish_reasons is a string array, but arrives as JSON text or a lone string too. */
function finishReason(span: IngestSpan): string | null {
  const raw = decodeStructured(span.attributes["gen_ai.response.finish_reasons"]);
  const first: unknown = Array.isArray(raw) ? raw[0] : raw;
  return typeof first === "string" && first !== "" ? first : choiceFinishReason(span);
}

function toolExecution(span: IngestSpan): ToolExecution {
  const attrs = span.attributes;
  return {
    id: attrText(attrs, "gen_ai.tool.call.id"),
    name: attrText(attrs, "gen_ai.tool.name"),
    arguments: decodeStructured(attrs["gen_ai.tool.call.arguments"] ?? null),
    result: attrs["gen_ai.tool.call.result"] ?? null,
    error: attrText(attrs, "error.type"),
  };
}

function labels(span: IngestSpan): SpanLabels {
  const attrs = span.attributes;
  return {
    sessionId: firstText(attrs, ["session.id", "gen_ai.conversation.id"]),
    userId: firstText(attrs, ["user.id", "enduser.id"]),
    tags: stringList(attrs.tags),
    metadata: textValues(underPrefix(attrs, "metadata")),
  };
}

export const genAi: Convention = {
  name: "gen_ai",
  isLlmCall: isGenAiLlmSpan,
  inputMessages: genAiInput,
  outputMessages: genAiOutput,
  model: (span) => firstText(span.attributes, ["gen_ai.response.model", "gen_ai.request.model"]),
  provider: (span) => firstText(span.attributes, ["gen_ai.provider.name", "gen_ai.system"]),
  usage,
  cost: (span) => attrNumber(span.attributes, "gen_ai.usage.cost"),
  timeToFirstTokenMs,
  finishReason,
  isToolExecution: (span) => operationOf(span) === "execute_tool",
  toolExecution,
  labels,
};
