import { attrText, isRecord } from "../ingest/conventions/attrs";
import type { IngestSpan } from "../traces/model";
import { decoded } from "./tool-calls";

// Whether an LLM span asked for structured output, and with which schema, in each convention's words:
// - OTel GenAI: gen_ai.output.type = "json"; the older gen_ai.openai.request.response_format
// - OpenLLMetry: gen_ai.request.structured_output_schema (the schema, or the raw response_format)
// - OpenInference: llm.invocation_parameters (OpenAI response_format / text.format, Anthropic output_format,
//   Gemini response_mime_type + response_schema)
// - Vercel AI SDK: generateObject / streamObject calls, ai.settings.output, ai.schema (on the outer span)

export interface StructuredRequest {
  /** The attribute that asked, for the reason a reviewer reads. */
  source: string;
  /** The declared JSON schema, if any (not yet checked for being a usable schema). */
  schema: unknown;
}

interface Format {
  json: boolean;
  schema?: unknown;
}

const JSON_FORMATS = new Set(["json", "json_object", "json_schema", "application/json"]);
const SCHEMA_KEYWORDS = ["type", "properties", "$schema", "anyOf", "oneOf", "allOf", "$ref", "items", "enum"];
const SDK_OBJECT_CALLS = new Set(["ai.generateObject.doGenerate", "ai.streamObject.doStream"]);
const SDK_OBJECT_OUTPUTS = new Set(["object", "array", "enum", "no-schema"]);

/** A response-format value in any of its spellings: "json_object", {type: "json_schema", json_schema: {schema}}, a bare schema. */
function readFormat(raw: unknown): Format | null {
  const value = decoded(raw);
  if (typeof value === "string") return { json: JSON_FORMATS.has(value.trim().toLowerCase()) };
  if (!isRecord(value)) return null;
  const type = typeof value.type === "string" ? value.type.toLowerCase() : null;
  if (type === "json_schema") {
    const wrapper = isRecord(value.json_schema) ? value.json_schema : value;
    return { json: true, schema: wrapper.schema };
  }
  if (type === "json_object" || type === "json") return { json: true, schema: value.schema };
  if (type === "text") return { json: false };
  return SCHEMA_KEYWORDS.some((key) => key in value) ? { json: true, schema: value } : null;
}

/** Gemini: response_mime_type "application/json" with an optional response_schema, at the top or in generation_config. */
function geminiFormat(params: Record<string, unknown>): Format | null {
  for (const scope of [params, params.generation_config, params.generationConfig, params.config]) {
    if (!isRecord(scope)) continue;
    const mime = scope.response_mime_type ?? scope.responseMimeType;
    if (typeof mime !== "string") continue;
    const schema = scope.response_json_schema ?? scope.responseJsonSchema ?? scope.response_schema ?? scope.responseSchema;
    return { json: mime.toLowerCase() === "application/json", schema };
  }
  return null;
}

function invocationFormat(raw: unknown): Format | null {
  const params = decoded(raw);
  if (!isRecord(params)) return null;
  const text = isRecord(params.text) ? params.text.format : undefined;
  for (const candidate of [params.response_format, params.responseFormat, params.output_format, text]) {
    const format = candidate === undefined ? null : readFormat(candidate);
    if (format) return format;
  }
  return geminiFormat(params);
}

const FORMAT_ATTRIBUTES: Array<[string, (raw: unknown) => Format | null]> = [
  ["gen_ai.request.structured_output_schema", readFormat],
  ["gen_ai.openai.request.response_format", readFormat],
  ["gen_ai.request.response_format", readFormat],
  ["llm.invocation_parameters", invocationFormat],
  ["gen_ai.output.type", readFormat],
];

function ownRequest(span: IngestSpan): StructuredRequest | null {
  for (const [key, read] of FORMAT_ATTRIBUTES) {
    const format = span.attributes[key] == null ? null : read(span.attributes[key]);
    if (format?.json) return { source: key, schema: format.schema };
  }
  const operation = attrText(span.attributes, "ai.operationId") ?? span.name;
  if (SDK_OBJECT_CALLS.has(operation)) return { source: operation, schema: undefined };
  const output = attrText(span.attributes, "ai.settings.output");
  return output !== null && SDK_OBJECT_OUTPUTS.has(output) ? { source: "ai.settings.output", schema: undefined } : null;
}

/** The nearest declared schema: the span's own, else its ancestors' (the AI SDK puts ai.schema on the outer span). */
function declaredSchema(span: IngestSpan, byId: Map<string, IngestSpan>): unknown {
  const seen = new Set<string>();
  for (let s: IngestSpan | undefined = span; s && !seen.has(s.spanId); s = byId.get(s.parentSpanId ?? "")) {
    seen.add(s.spanId);
    for (const key of ["ai.schema", "gen_ai.request.structured_output_schema"]) {
      const format = s.attributes[key] == null ? null : readFormat(s.attributes[key]);
      if (format?.schema !== undefined) return format.schema;
    }
  }
  return undefined;
}

/** The structured-output request of an LLM span, or null when it asked for free text. */
export function structuredRequest(span: IngestSpan, byId: Map<string, IngestSpan>): StructuredRequest | null {
  const own = ownRequest(span);
  if (!own) return null;
  return own.schema !== undefined ? own : { ...own, schema: declaredSchema(span, byId) };
}
