import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agent, toTrace } from "../../test/fixtures/classifiers/build";
import { assistantCalls, assistantSays, traceFrom, userSays } from "../../test/fixtures/classifiers/messages";
import { degeneracy } from "./degenerate-text";
import { emptyResponse } from "./empty-response";

describe("degenerate text", () => {
  it.each([
    ["", "empty"],
    [" \n\t ", "whitespace"],
    ["!!", "repeated_character"],
    ["zzzzz", "repeated_character"],
    ["…", "no_words"],
    ["- - - -", "repeated_character"],
    ["?!", "no_words"],
    ["{}", "no_words"],
    ["yes yes yes yes", "repetition"],
    ["lolololololol", "repetition"],
    ["哈哈哈哈哈哈", "repeated_character"],
    ["I think. I think. I think. I think.", "repetition"],
    [`Here is the plan. ${"we will we will ".repeat(9)}`, "repetition"],
    ["step\nstep\nstep\nstep", "repetition"],
  ])("%j is %s", (text, kind) => {
    expect(degeneracy(text)?.kind).toBe(kind);
  });

  it.each([
    ["a"],
    ["4"],
    ["111"],
    ["No."],
    ["👍"],
    ["0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"],
    ["very very good"],
    ["Row, row, row your boat, gently down the stream."],
    ["Save it twice, save it right.\nSave it twice, save it right.\nThen sleep."],
    ["| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |"],
  ])("%j could be an answer", (text) => {
    expect(degeneracy(text)).toBeNull();
  });

  it("names the repeated unit as written and counts it", () => {
    expect(degeneracy("Sorry! Sorry! Sorry! Sorry! Sorry!")).toEqual({ kind: "repetition", unit: "sorry!", repeats: 5 });
  });

  it("flags any lettered unit repeated eight times, and never throws", () => {
    const unit = fc.stringMatching(/^[a-z]{1,6}( [a-z]{1,6}){0,2}$/);
    fc.assert(
      fc.property(unit, (u) => {
        expect(degeneracy(Array(8).fill(u).join(" "))).not.toBeNull();
      })
    );
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        degeneracy(text);
      })
    );
  });
});

describe("the final answer", () => {
  const run = (...messages: Parameters<typeof traceFrom>[0]) => emptyResponse.classify(traceFrom(messages));

  it("judges only the last assistant message", () => {
    expect(run(userSays("a"), assistantSays(""), userSays("b"), assistantSays("Here you go."))).toMatchObject({ flagged: false });
    expect(run(userSays("a"), assistantSays("Fine."), userSays("b"), assistantSays("   "))).toMatchObject({
      flagged: true,
      confidence: 1,
      evidence: { messageIndex: 3, partIndex: 0 },
      details: { kind: "whitespace" },
    });
  });

  it("skips a final turn that hands control to tools, even with a preamble", () => {
    const delegation = { ...assistantCalls({ id: "c1", name: "open_form" }) };
    delegation.parts = [{ type: "text", content: "" }, ...delegation.parts];
    expect(run(userSays("open it"), delegation)).toMatchObject({ flagged: false, reason: expect.stringContaining("tool-call-only") });
  });

  it("finds an empty answer the conversation does not show, when the span recorded its output", () => {
    const empty = agent("vercel", [{ user: "Which printers are on floor 3?" }, { reply: "" }]);
    expect(emptyResponse.classify(toTrace(empty))).toMatchObject({ flagged: true, evidence: { messageIndex: 0 }, details: { kind: "empty" } });
    const notCaptured = agent("vercel", [{ user: "Which printers are on floor 3?" }, { reply: "Two.", captureOutput: false }]);
    expect(emptyResponse.classify(toTrace(notCaptured))).toMatchObject({ flagged: false, reason: expect.stringContaining("no output") });
  });

  it("flags reasoning without answer text and says so", () => {
    const spans = agent("genai", [{ user: "compare" }, { reply: "", reasoning: "Model A has more RAM." }]);
    expect(emptyResponse.classify(toTrace(spans))).toMatchObject({ flagged: true, reason: expect.stringContaining("reasoning") });
  });

  it("does not expect text from image or speech calls", () => {
    const spans = agent("genai", [{ user: "draw" }, { reply: "", outputType: "speech" }]);
    expect(emptyResponse.classify(toTrace(spans))).toMatchObject({ flagged: false });
  });

  it("leaves structured answers to Output Schema Validation, except when there is no content at all", () => {
    const emptyObject = agent("openllmetry", [{ user: "extract" }, { reply: "{}", structured: {} }]);
    expect(emptyResponse.classify(toTrace(emptyObject)).flagged).toBe(false);
    const nothing = agent("genai", [{ user: "extract" }, { reply: "  ", structured: {} }]);
    expect(emptyResponse.classify(toTrace(nothing)).flagged).toBe(true);
  });

  it("does not judge a trace whose last model call failed or that has no conversation", () => {
    const failed = agent("openinference", [{ user: "q" }, { reply: "", failed: "APIConnectionError" }]);
    expect(emptyResponse.classify(toTrace(failed))).toMatchObject({ flagged: false, reason: expect.stringContaining("failed") });
    expect(run()).toMatchObject({ flagged: false });
  });
});
