import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Message } from "../../traces/model";
import { text } from "./fake-ai";
import { FULL_BUDGET, RECENT_BUDGET, renderTranscript, type TranscriptBudget } from "./transcript";

const conversationOf = (lengths: number[]): Message[] => lengths.map((n, i) => text(i % 2 ? "assistant" : "user", `m${i}:${"x".repeat(n)}`));

describe("transcript", () => {
  it("numbers messages by their place in the whole conversation, also in a recent window", () => {
    const conversation = conversationOf(Array.from({ length: 30 }, () => 10));
    const recent = renderTranscript(conversation, RECENT_BUDGET);
    expect(recent).toContain("[0] user: m0:");
    expect(recent).toContain("[29] assistant: m29:");
    expect(recent).not.toContain("[17] ");
    expect(recent).toContain("[18] user: m18:");
    expect(recent).toMatch(/\[… 17 messages omitted …\]/);
  });

  it("stays within its budget, keeps the head and the newest turns, and says what it left out", () => {
    const budget: TranscriptBudget = { perMessageChars: 300, totalChars: 2_000, keepHead: 2 };
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 600 }), { minLength: 1, maxLength: 60 }), (lengths) => {
        const conversation = conversationOf(lengths);
        const rendered = renderTranscript(conversation, budget);
        const shown = [...rendered.matchAll(/^\[(\d+)\] /gm)].map((m) => Number(m[1]));
        const omitted = Number(/\[… (\d+) messages omitted …\]/.exec(rendered)?.[1] ?? 0);
        // Every message is either shown or counted as omitted, in order, and the last one is always shown.
        expect(shown.length + omitted).toBe(conversation.length);
        expect(shown).toEqual([...shown].sort((a, b) => a - b));
        expect(shown.at(-1)).toBe(conversation.length - 1);
        expect(shown.slice(0, 2)).toEqual([0, 1].slice(0, Math.min(2, conversation.length)));
        // Only the blank lines between entries and the omission marker come on top of the budget.
        expect(rendered.length).toBeLessThanOrEqual(budget.totalChars + 2 * (shown.length + 1) + 40);
      }),
    );
  });

  it("shows tool calls and results briefly and leaves hidden reasoning out", () => {
    const conversation: Message[] = [
      { role: "assistant", parts: [{ type: "reasoning", content: "secret plan" }, { type: "tool_call", id: "1", name: "search", arguments: { q: "x".repeat(5_000) } }], spanId: null },
      { role: "tool", parts: [{ type: "tool_result", id: "1", result: "boom", isError: true }], spanId: null },
    ];
    const rendered = renderTranscript(conversation, FULL_BUDGET);
    expect(rendered).not.toContain("secret plan");
    expect(rendered).toContain("calls tool search");
    expect(rendered).toContain("tool result, error: boom");
    expect(rendered.length).toBeLessThan(1_000);
  });
});
