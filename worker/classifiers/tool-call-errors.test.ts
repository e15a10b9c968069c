import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agent, toTrace } from "../../test/fixtures/classifiers/build";
import { assistantCalls, assistantSays, toolReturns, traceFrom, userSays } from "../../test/fixtures/classifiers/messages";
import type { IngestSpan, Message } from "../traces/model";
import { resultFailure, toolCallErrors } from "./tool-call-errors";

const run = (...messages: Message[]) => toolCallErrors.classify(traceFrom(messages));
const kinds = (messages: Message[], spans: IngestSpan[] = []) => {
  const details = toolCallErrors.classify(traceFrom(messages, spans)).details as { findings?: { kind: string }[] } | undefined;
  return (details?.findings ?? []).map((f) => f.kind);
};

describe("results that signal failure", () => {
  it.each<[unknown, string]>([
    ["Error: ENOENT: no such file", "error prefix"],
    ["ERROR - upstream unavailable", "upper-case prefix"],
    ["ValueError: invalid literal for int()", "exception class"],
    ["Traceback (most recent call last):\n  File x", "traceback"],
    ["HTTP/1.1 503 Service Unavailable", "HTTP status line"],
    ["404 Not Found", "bare status"],
    ["Request failed with status code 500", "status code in a short message"],
    ["Failed to connect to db:5432", "failed to"],
    ["An error occurred while running the tool. Please try again. Error: timeout", "OpenAI Agents wrapper"],
    ["Error executing tool list_files: path outside root", "MCP server wrapper"],
    [{ error: "rate_limited" }, "error envelope"],
    [{ error: { code: 7, message: "denied" } }, "nested error object"],
    [{ errors: [{ message: "bad field" }] }, "errors list"],
    [{ isError: true, content: [{ type: "text", text: "denied" }] }, "MCP isError"],
    [{ status: "error", message: "boom" }, "status error"],
    [{ success: false, reason: "taken" }, "success false"],
    [{ ok: false, error: "channel_not_found" }, "ok false"],
    [{ statusCode: 502 }, "numeric status"],
    ['{"error": "quota exceeded"}', "JSON text of an envelope"],
  ])("reads %j as a failure (%s)", (value) => {
    expect(resultFailure(value)).not.toBeNull();
  });

  it.each<[unknown, string]>([
    ["No errors found in the logs", "reports no errors"],
    ["Error rate: 0.3%", "a metric"],
    ["404 Main Street, Springfield", "an address"],
    ["Failure modes of batteries include swelling", "an article"],
    ["Errors while traveling abroad: a guide to lost passports", "a title that starts with Errors"],
    [{ error: null, data: { rate: 1.08 } }, "error null"],
    [{ error: 0 }, "error code zero"],
    [{ errors: [] }, "empty errors"],
    [{ status: "failed", order: "A-1" }, "a record whose own status is failed"],
    [{ ok: true }, "ok true"],
    [[{ title: "Fixing error 500" }], "search results about errors"],
    [42, "a number"],
    [null, "null"],
    [`${"Some log line. ".repeat(30)}status code 500 appeared once`, "a long text that mentions a status code"],
  ])("does not read %j as a failure (%s)", (value) => {
    expect(resultFailure(value)).toBeNull();
  });

  it("trusts explicit flags more than text patterns", () => {
    expect(resultFailure({ error: "x" })?.confidence).toBe(1);
    expect(resultFailure("Error: x")?.confidence).toBeLessThan(1);
  });
});

describe("malformed interactions", () => {
  it("flags a call left unanswered when the conversation moves on, but not a final hand-off", () => {
    const moved = [userSays("stock?"), assistantCalls({ id: "c1", name: "inventory" }), assistantSays("In stock.")];
    expect(kinds(moved)).toEqual(["missing_result"]);
    expect(kinds([userSays("buy"), assistantCalls({ id: "c1", name: "confirm_purchase" })])).toEqual([]);
  });

  it("flags a result for a call id nobody made, but not a repeated result for a known id", () => {
    const unknown = [userSays("q"), assistantCalls({ id: "c1", name: "f" }), toolReturns("c1", 1), toolReturns("zz", 2), assistantSays("ok")];
    expect(kinds(unknown)).toEqual(["unknown_call_id"]);
    const repeated = [userSays("q"), assistantCalls({ id: "c1", name: "f" }), toolReturns("c1", 1), toolReturns("c1", 1), assistantSays("ok")];
    expect(kinds(repeated)).toEqual([]);
  });

  it("pairs results without ids with the calls in order", () => {
    const anonymous = [userSays("q"), assistantCalls({ name: "a" }, { name: "b" }), toolReturns(null, 1), toolReturns(null, 2), assistantSays("ok")];
    expect(kinds(anonymous)).toEqual([]);
  });

  it("flags model-written arguments that are not JSON, but not empty arguments or decoded objects", () => {
    expect(kinds([userSays("q"), assistantCalls({ id: "c1", name: "f", args: '{"city": "Par' }), toolReturns("c1", 1)])).toEqual(["invalid_arguments"]);
    expect(kinds([userSays("q"), assistantCalls({ id: "c1", name: "f", args: "city=Paris" }), toolReturns("c1", 1)])).toEqual(["invalid_arguments"]);
    expect(kinds([userSays("q"), assistantCalls({ id: "c1", name: "f", args: "" }), toolReturns("c1", 1)])).toEqual([]);
    expect(kinds([userSays("q"), assistantCalls({ id: "c1", name: "f", args: { city: "Paris" } }), toolReturns("c1", 1)])).toEqual([]);
  });

  it("accepts plain-text input recorded by a tool span, yet still flags cut-off JSON there", () => {
    // Content capture off for the model: the call is known only from the OpenInference TOOL span's own input.
    const withInput = (input: string) =>
      agent("openinference", [{ user: "weather" }, { calls: [{ name: "get_weather", args: { city: "x" }, result: "18C" }], captureOutput: false }]).map((s) =>
        s.attributes["openinference.span.kind"] === "TOOL" ? { ...s, attributes: { ...s.attributes, "input.value": input } } : s
      );
    const llmWithoutContent = (spans: IngestSpan[]) =>
      spans.map((s) => (s.attributes["openinference.span.kind"] === "LLM" ? { ...s, attributes: { "openinference.span.kind": "LLM" } } : s));
    expect(toolCallErrors.classify(toTrace(llmWithoutContent(withInput("Paris")))).flagged).toBe(false);
    expect(toolCallErrors.classify(toTrace(llmWithoutContent(withInput('{"city": "Par'))))).toMatchObject({ flagged: true, details: { findings: [{ kind: "invalid_arguments" }] } });
  });
});

describe("failed tool spans", () => {
  it("marks the conversation's result failed from the span status, and reports it once", () => {
    const spans = agent("genai", [{ user: "weather" }, { calls: [{ name: "get_weather", args: { city: "Rome" }, error: "upstream timeout" }] }, { reply: "Sorry." }]);
    const verdict = toolCallErrors.classify(toTrace(spans));
    // user, the call, then its result
    expect(verdict).toMatchObject({ flagged: true, confidence: 1, evidence: { messageIndex: 2, partIndex: 0 } });
    expect(verdict.reason).toContain("get_weather");
    expect((verdict.details as { findings: unknown[] }).findings).toHaveLength(1);
  });

  it("flags a failed tool span whose result never reached the conversation", () => {
    const spans = agent("openinference", [{ user: "weather" }, { calls: [{ name: "get_weather", args: { city: "Rome" }, result: "18C" }] }, { reply: "18C" }]);
    const tool = spans.find((s) => s.attributes["openinference.span.kind"] === "TOOL");
    if (!tool) throw new Error("fixture has no tool span");
    // A second execution of the same call (a retry inside the framework) that failed: no call is left for it to answer.
    const { "output.value": _output, ...attributes } = tool.attributes;
    const retry: IngestSpan = { ...tool, spanId: "00000000000000ff", statusCode: 2, statusMessage: "connection reset", attributes };
    const verdict = toolCallErrors.classify(toTrace([...spans, retry]));
    expect(verdict).toMatchObject({ flagged: true, details: { findings: [{ kind: "failed_span", tool: "get_weather" }] } });
    expect(verdict.reason).toContain("connection reset");
  });
});

describe("verdicts", () => {
  it("points at the earliest problem and counts the others", () => {
    const verdict = run(
      userSays("q"),
      assistantCalls({ id: "c1", name: "first" }, { id: "c2", name: "second" }),
      toolReturns("c1", "Error: one"),
      toolReturns("c2", { error: "two" }),
      assistantSays("done")
    );
    expect(verdict).toMatchObject({ flagged: true, evidence: { messageIndex: 2, partIndex: 0 } });
    expect(verdict.reason).toMatch(/"first".*and 1 more tool problem/);
  });

  it("is sure when there were no tool calls, less so when results merely looked fine", () => {
    expect(run(userSays("hi"), assistantSays("hello"))).toMatchObject({ flagged: false, confidence: 1 });
    expect(run(userSays("q"), assistantCalls({ id: "c1", name: "f" }), toolReturns("c1", 1), assistantSays("1")).confidence).toBeLessThan(1);
  });

  it("never throws on arbitrary results and arguments", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.oneof(fc.jsonValue(), fc.string()), fc.boolean(), (result, args, isError) => {
        const verdict = run(userSays("q"), assistantCalls({ id: "c1", name: "f", args }), toolReturns("c1", result, isError), assistantSays("ok"));
        if (isError) expect(verdict.flagged).toBe(true);
      })
    );
  });
});
