import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { segment, targetProblem, toRendered, toSource } from "./text-ranges";

const conversation = [
  { parts: [{ type: "text", content: "Where is my order?" }] },
  { parts: [{ type: "tool_call", id: "c1", name: "lookup", arguments: {} }, { type: "reasoning", content: "Check it." }] },
];

describe("targetProblem", () => {
  it("accepts targets inside the conversation", () => {
    expect(targetProblem({ level: "conversation" }, [])).toBeNull();
    expect(targetProblem({ level: "message", messageIndex: 1 }, conversation)).toBeNull();
    expect(targetProblem({ level: "range", messageIndex: 0, partIndex: 0, start: 0, end: 18 }, conversation)).toBeNull();
    expect(targetProblem({ level: "range", messageIndex: 1, partIndex: 1, start: 0, end: 5 }, conversation)).toBeNull();
  });

  it("names what is wrong with a target that misses", () => {
    expect(targetProblem({ level: "message", messageIndex: 2 }, conversation)).toContain("no message 2");
    expect(targetProblem({ level: "range", messageIndex: 0, partIndex: 1, start: 0, end: 1 }, conversation)).toContain("no part 1");
    expect(targetProblem({ level: "range", messageIndex: 1, partIndex: 0, start: 0, end: 1 }, conversation)).toContain("no text");
    expect(targetProblem({ level: "range", messageIndex: 0, partIndex: 0, start: 4, end: 4 }, conversation)).toContain("start before end");
    expect(targetProblem({ level: "range", messageIndex: 0, partIndex: 0, start: 0, end: 19 }, conversation)).toContain("past the part's 18");
  });
});

const highlight = fc.record({ id: fc.string({ minLength: 1, maxLength: 3 }), start: fc.nat(60), end: fc.nat(60) });

describe("segment", () => {
  it("cuts a span into contiguous pieces, each covered by exactly the highlights that cover all of it", () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), fc.array(highlight, { maxLength: 6 }), (a, b, highlights) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        const pieces = segment(start, end, highlights);
        if (start === end) {
          expect(pieces).toEqual([]);
          return;
        }
        expect(pieces[0]?.start).toBe(start);
        expect(pieces.at(-1)?.end).toBe(end);
        pieces.forEach((piece, i) => {
          expect(piece.end).toBeGreaterThan(piece.start);
          if (i > 0) expect(piece.start).toBe(pieces[i - 1]?.end);
          // Every character of the piece is covered by the same highlights.
          for (let at = piece.start; at < piece.end; at++) {
            expect(highlights.filter((h) => h.start <= at && at < h.end).map((h) => h.id)).toEqual(piece.ids);
          }
        });
      }),
    );
  });

  it("lets overlapping highlights stack", () => {
    const pieces = segment(0, 10, [{ id: "a", start: 2, end: 6 }, { id: "b", start: 4, end: 8 }]);
    expect(pieces).toEqual([
      { start: 0, end: 2, ids: [] },
      { start: 2, end: 4, ids: ["a"] },
      { start: 4, end: 6, ids: ["a", "b"] },
      { start: 6, end: 8, ids: ["b"] },
      { start: 8, end: 10, ids: [] },
    ]);
  });
});

describe("toSource and toRendered", () => {
  it("map one to one when markdown kept the text as it was", () => {
    fc.assert(
      fc.property(fc.nat(100), fc.nat(40), fc.nat(40), (sourceStart, length, index) => {
        const at = Math.min(index, length);
        expect(toSource(length, sourceStart, sourceStart + length, at)).toBe(sourceStart + at);
        expect(toRendered(length, sourceStart, sourceStart + length, sourceStart + at)).toBe(at);
      }),
    );
  });

  it("stay inside the node and in order when markdown rewrote it (escapes, entities)", () => {
    fc.assert(
      fc.property(fc.nat(100), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.nat(45), fc.nat(45), (s, span, rendered, i, j) => {
        const [lo, hi] = i <= j ? [i, j] : [j, i];
        const a = toSource(rendered, s, s + span, lo);
        const b = toSource(rendered, s, s + span, hi);
        expect(a).toBeGreaterThanOrEqual(s);
        expect(b).toBeLessThanOrEqual(s + span);
        expect(a).toBeLessThanOrEqual(b);
        expect(toSource(rendered, s, s + span, rendered)).toBe(s + span);
        const r = toRendered(rendered, s, s + span, s + Math.min(lo, span));
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThanOrEqual(rendered);
      }),
    );
  });
});
