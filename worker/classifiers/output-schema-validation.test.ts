import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agent, toTrace } from "../../test/fixtures/classifiers/build";
import type { IngestSpan } from "../traces/model";
import { outputSchemaValidation } from "./output-schema-validation";
import { checkAgainstSchema } from "./schema-check";
import { structuredRequest } from "./structured-request";

const llmSpan = (attributes: Record<string, unknown>, extra: Partial<IngestSpan> = {}): IngestSpan => ({
  traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "00000000000000a1", parentSpanId: null, name: "chat", kind: 3, startedAt: 0, endedAt: 1,
  statusCode: 0, statusMessage: null, attributes, events: [], resource: {}, ...extra,
});
const requestOf = (attributes: Record<string, unknown>) => structuredRequest(llmSpan(attributes), new Map());

const SCHEMA = { type: "object", properties: { n: { type: "integer" } }, required: ["n"] };

describe("reading a structured-output request", () => {
  it.each([
    [{ "gen_ai.output.type": "json" }, "gen_ai.output.type", undefined],
    [{ "gen_ai.openai.request.response_format": "json_object" }, "gen_ai.openai.request.response_format", undefined],
    [{ "gen_ai.request.structured_output_schema": JSON.stringify(SCHEMA) }, "gen_ai.request.structured_output_schema", SCHEMA],
    [{ "gen_ai.request.structured_output_schema": '{"type": "json_object"}' }, "gen_ai.request.structured_output_schema", undefined],
    [{ "llm.invocation_parameters": JSON.stringify({ response_format: { type: "json_schema", json_schema: { name: "x", schema: SCHEMA } } }) }, "llm.invocation_parameters", SCHEMA],
    [{ "llm.invocation_parameters": JSON.stringify({ text: { format: { type: "json_schema", name: "x", schema: SCHEMA } } }) }, "llm.invocation_parameters", SCHEMA],
    [{ "llm.invocation_parameters": JSON.stringify({ output_format: { type: "json_schema", schema: SCHEMA } }) }, "llm.invocation_parameters", SCHEMA],
    [{ "llm.invocation_parameters": JSON.stringify({ generationConfig: { responseMimeType: "application/json", responseSchema: SCHEMA } }) }, "llm.invocation_parameters", SCHEMA],
    [{ "ai.operationId": "ai.generateObject.doGenerate" }, "ai.generateObject.doGenerate", undefined],
    [{ "ai.settings.output": "array", "ai.schema": JSON.stringify(SCHEMA) }, "ai.settings.output", SCHEMA],
  ])("reads %j", (attributes, source, schema) => {
    expect(requestOf(attributes)).toEqual({ source, schema });
  });

  it.each([
    [{}],
    [{ "gen_ai.output.type": "text" }],
    [{ "gen_ai.output.type": "image" }],
    [{ "gen_ai.openai.request.response_format": "text" }],
    [{ "llm.invocation_parameters": JSON.stringify({ temperature: 0.2 }) }],
    [{ "llm.invocation_parameters": JSON.stringify({ response_format: { type: "text" } }) }],
    [{ "llm.invocation_parameters": "not json" }],
    [{ "ai.settings.output": "text" }],
  ])("sees free text in %j", (attributes) => {
    expect(requestOf(attributes)).toBeNull();
  });

  it("finds the schema on an ancestor span, as the AI SDK records it on the outer call", () => {
    const outer = llmSpan({ "ai.schema": JSON.stringify(SCHEMA) }, { spanId: "00000000000000b1" });
    const middle = llmSpan({}, { spanId: "00000000000000b2", parentSpanId: outer.spanId });
    const inner = llmSpan({ "gen_ai.output.type": "json" }, { parentSpanId: middle.spanId });
    const byId = new Map([outer, middle, inner].map((s) => [s.spanId, s]));
    expect(structuredRequest(inner, byId)).toEqual({ source: "gen_ai.output.type", schema: SCHEMA });
  });
});

describe("checking against a declared schema", () => {
  it("says valid, invalid with the most specific error, or unusable", () => {
    expect(checkAgainstSchema(SCHEMA, { n: 1 })).toEqual({ status: "valid" });
    expect(checkAgainstSchema(JSON.stringify(SCHEMA), { n: "one" })).toEqual({ status: "invalid", error: expect.stringContaining("/n:") });
    expect(checkAgainstSchema({ $schema: "http://json-schema.org/draft-04/schema#", ...SCHEMA }, {})).toMatchObject({ status: "invalid" });
  });

  it.each<[unknown, string]>([
    [{ type: "objekt" }, "an unknown type"],
    [{ properties: { a: { type: ["string", "strng"] } } }, "an unknown type in a list"],
    [{ anyOf: [{ type: "string" }, 5] }, "a subschema that is not a schema"],
    [{ patternProperties: { "(unclosed": { type: "string" } } }, "a broken regular expression"],
    [{ $ref: "https://example.com/remote.json" }, "a remote $ref"],
    ["not a schema", "a string"],
    ["{not json", "broken JSON text"],
  ])("reports %j as unusable (%s) rather than failing the answer", (schema) => {
    expect(checkAgainstSchema(schema, { n: 1 }).status).toBe("unusable");
  });

  it("treats data inside const and enum as data, not as schemas", () => {
    expect(checkAgainstSchema({ const: { type: "weird" } }, { type: "weird" })).toEqual({ status: "valid" });
    expect(checkAgainstSchema({ properties: { type: { enum: ["a", "b"] } } }, { type: "a" })).toEqual({ status: "valid" });
  });

  it("never throws, whatever the schema and the value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (schema, value) => {
        expect(["valid", "invalid", "unusable"]).toContain(checkAgainstSchema(schema, value).status);
      })
    );
  });
});

describe("the classifier", () => {
  const run = (spans: IngestSpan[]) => outputSchemaValidation.classify(toTrace(spans));

  it("flags a cut-off answer even when what arrived happens to parse", () => {
    const spans = agent("vercel", [{ user: "x" }, { reply: '{"n": 1}', structured: { schema: SCHEMA }, finish: "length" }]);
    expect(run(spans)).toMatchObject({ flagged: true, details: { problems: ["truncated"] } });
  });

  it("reports both the cut-off and the parse failure, and points at the answer", () => {
    const spans = agent("genai", [{ user: "x" }, { reply: '{"n": ', structured: {}, finish: "length" }], { system: "JSON only" });
    expect(run(spans)).toMatchObject({ flagged: true, evidence: { messageIndex: 2, partIndex: 0 }, details: { problems: ["truncated", "unparseable"] } });
  });

  it("judges only spans that asked for structured output", () => {
    const spans = agent("openinference", [{ user: "x" }, { reply: "not json at all", finish: "length" }]);
    expect(run(spans)).toMatchObject({ flagged: false, reason: expect.stringContaining("No GenAI span asked") });
  });

  it("does not judge a structured call that answered with a tool call, unless it was cut off", () => {
    const toolAnswer = (finish?: string) => agent("genai", [{ user: "x" }, { calls: [{ name: "json", args: { n: 1 } }], structured: { schema: SCHEMA }, finish }]);
    expect(run(toolAnswer()).flagged).toBe(false);
    expect(run(toolAnswer("length"))).toMatchObject({ flagged: true, details: { problems: ["truncated"] } });
  });

  it("flags a schema mismatch only when the schema could be applied", () => {
    const broken = agent("openllmetry", [{ user: "x" }, { reply: '{"n": "one"}', structured: { schema: { type: "objekt" } } }]);
    expect(run(broken)).toMatchObject({ flagged: false, reason: expect.stringContaining("could not be applied") });
    const sound = agent("openllmetry", [{ user: "x" }, { reply: '{"n": "one"}', structured: { schema: SCHEMA } }]);
    expect(run(sound)).toMatchObject({ flagged: true, details: { problems: ["schema_mismatch"] } });
  });

  it("checks every structured call in the trace and reports the first failure", () => {
    const spans = agent("genai", [
      { user: "x" },
      { reply: '{"n": 1}', structured: { schema: SCHEMA } },
      { user: "again" },
      { reply: "oops", structured: { schema: SCHEMA } },
    ]);
    expect(run(spans)).toMatchObject({ flagged: true, evidence: { messageIndex: 3, partIndex: 0 }, details: { failedSpans: 1, structuredSpans: 2 } });
  });
});
