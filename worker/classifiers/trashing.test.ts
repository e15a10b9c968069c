import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assistantCalls, assistantSays, step, toolReturns, traceFrom, userSays } from "../../test/fixtures/classifiers/messages";
import type { Message } from "../traces/model";
import { similarity, trashing } from "./trashing";

const run = (...messages: Message[]) => trashing.classify(traceFrom(messages));

/** The same call `n` times in a row, each getting `result(i)`. */
function repeated(n: number, name: string, args: unknown, result: (i: number) => unknown, isError = (_i: number) => false): Message[] {
  return Array.from({ length: n }, (_, i) => step(i, name, args, result(i), isError(i))).flat();
}

describe("repeated identical calls", () => {
  it("flags three identical calls with identical results as borderline, four as firm, two not at all", () => {
    const same = () => ({ status: "shipped" });
    expect(run(userSays("where is it?"), ...repeated(2, "get_order", { id: 7 }, same)).flagged).toBe(false);
    const three = run(userSays("where is it?"), ...repeated(3, "get_order", { id: 7 }, same));
    expect(three).toMatchObject({ flagged: true, details: { pattern: "repeat", count: 3, borderline: true } });
    expect(three.confidence).toBeLessThan(1);
    const four = run(userSays("where is it?"), ...repeated(4, "get_order", { id: 7 }, same));
    expect(four).toMatchObject({ flagged: true, confidence: 1, details: { pattern: "repeat", count: 4, borderline: false } });
  });

  it("points at the first repeated call, not the original", () => {
    const verdict = run(userSays("q"), ...repeated(3, "search", { q: "x" }, () => ["hit"]));
    // user, then call/result pairs: the second call is message 3.
    expect(verdict.evidence).toEqual({ messageIndex: 3, partIndex: 0 });
  });

  it("compares arguments canonically: key order and JSON-in-a-string do not make calls different", () => {
    const verdict = run(
      userSays("sum"),
      ...step(1, "add", { a: 1, b: 2 }, 3),
      ...step(2, "add", { b: 2, a: 1 }, 3),
      ...step(3, "add", '{"a":1,"b":2}', 3)
    );
    expect(verdict).toMatchObject({ flagged: true, details: { pattern: "repeat", count: 3 } });
  });

  it("does not flag polling whose result changes, nor repeats across user turns", () => {
    const states = ["queued", "running", "done"];
    expect(run(userSays("export"), ...repeated(3, "job_status", { job: 1 }, (i) => ({ state: states[i] }))).flagged).toBe(false);
    const turns = [0, 1, 2].flatMap((i) => [userSays("price?"), ...step(i, "get_price", { s: "BTC" }, 97_000), assistantSays("97k")]);
    expect(run(...turns).flagged).toBe(false);
  });

  it("counts identical parallel calls in one message", () => {
    const calls = assistantCalls(...[1, 2, 3].map((n) => ({ id: `p${n}`, name: "get_weather", args: { city: "Oslo" } })));
    const results = [1, 2, 3].map((n) => toolReturns(`p${n}`, { tempC: -4 }));
    expect(run(userSays("weather"), calls, ...results)).toMatchObject({ flagged: true, details: { count: 3 } });
  });
});

describe("retries", () => {
  it("does not flag errors followed by the same call succeeding", () => {
    const failsTwice = repeated(3, "http_get", { url: "/s" }, (i) => (i < 2 ? "503" : { ok: true }), (i) => i < 2);
    expect(run(userSays("status"), ...failsTwice).flagged).toBe(false);
  });

  it("flags an unchanged call that keeps failing: borderline from four attempts, firm from six", () => {
    const failing = (n: number) => repeated(n, "deploy", { ref: "x" }, () => "permission denied", () => true);
    expect(run(userSays("deploy"), ...failing(3)).flagged).toBe(false);
    expect(run(userSays("deploy"), ...failing(4))).toMatchObject({ flagged: true, details: { pattern: "retry_loop", borderline: true } });
    expect(run(userSays("deploy"), ...failing(6))).toMatchObject({ flagged: true, details: { pattern: "retry_loop", borderline: false } });
  });
});

describe("oscillation", () => {
  const a = (n: number, result = ["a.ts"]) => step(n, "list_dir", { path: "src" }, result);
  const b = (n: number, result = "export {}") => step(n, "read_file", { path: "src/a.ts" }, result);

  it("flags a two-call cycle that comes back with the same results: two cycles borderline, three firm", () => {
    const two = run(userSays("find"), ...a(1), ...b(2), ...a(3), ...b(4));
    expect(two).toMatchObject({ flagged: true, details: { pattern: "oscillation", count: 2, borderline: true, tools: ["list_dir", "read_file"] } });
    expect(two.evidence).toEqual({ messageIndex: 5, partIndex: 0 });
    const three = run(userSays("find"), ...a(1), ...b(2), ...a(3), ...b(4), ...a(5), ...b(6));
    expect(three).toMatchObject({ flagged: true, confidence: 1, details: { pattern: "oscillation", count: 3, borderline: false } });
  });

  it("does not flag the same alternation when a result changes", () => {
    expect(run(userSays("find"), ...a(1), ...b(2), ...a(3), ...b(4, "export const x = 1")).flagged).toBe(false);
  });
});

describe("slightly reworded calls", () => {
  it("flags three rewordings with the same result as borderline", () => {
    const verdict = run(
      userSays("sla?"),
      ...step(1, "search", { q: "enterprise support sla" }, "No results."),
      ...step(2, "search", { q: "enterprise support SLA policy" }, "No results."),
      ...step(3, "search", { q: "SLA enterprise support" }, "No results.")
    );
    expect(verdict).toMatchObject({ flagged: true, details: { pattern: "near_duplicate", count: 3, borderline: true } });
  });

  it("does not flag converging refinement (new results) or unrelated queries with the same empty result", () => {
    const converging = run(
      userSays("hotel"),
      ...step(1, "search", { q: "hotels paris" }, { count: 1240 }),
      ...step(2, "search", { q: "hotels paris 5th" }, { count: 118 }),
      ...step(3, "search", { q: "hotels paris 5th under 200" }, { count: 9 })
    );
    expect(converging.flagged).toBe(false);
    const unrelated = run(
      userSays("find"),
      ...step(1, "search", { q: "kettle" }, []),
      ...step(2, "search", { q: "invoice 2291" }, []),
      ...step(3, "search", { q: "refund policy" }, [])
    );
    expect(unrelated.flagged).toBe(false);
  });

  it("measures similarity symmetrically, 1 for equal text and low for unrelated text", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (x, y) => {
        expect(similarity(x, y)).toBeCloseTo(similarity(y, x));
        expect(similarity(x, x)).toBe(1);
        expect(similarity(x, y)).toBeGreaterThanOrEqual(0);
        expect(similarity(x, y)).toBeLessThanOrEqual(1);
      })
    );
    expect(similarity("enterprise support sla", "sla enterprise support")).toBeGreaterThan(0.75);
    expect(similarity("kettle", "refund policy")).toBeLessThan(0.3);
  });
});

describe("verdicts", () => {
  it("says no with a reason when there are no or few tool calls", () => {
    expect(run(userSays("hi"), assistantSays("hello"))).toMatchObject({ flagged: false, confidence: 1, reason: "No tool calls in this trace." });
    expect(run(userSays("q"), ...step(1, "search", { q: "x" }, []))).toMatchObject({ flagged: false });
  });

  it("never throws on arbitrary tool interactions", () => {
    const call = fc.record({ name: fc.constantFrom("a", "b"), args: fc.jsonValue(), result: fc.jsonValue(), err: fc.boolean() });
    fc.assert(
      fc.property(fc.array(call, { maxLength: 12 }), (calls) => {
        const verdict = run(userSays("go"), ...calls.flatMap((c, i) => step(i, c.name, c.args, c.result, c.err)));
        expect(typeof verdict.flagged).toBe("boolean");
        if (verdict.flagged) expect(verdict.evidence).toBeDefined();
      })
    );
  });
});
