import { describe, expect, it } from "vitest";
import { DEFAULT_PRICES, estimateCost, priceFor } from "./pricing";

describe("model pricing", () => {
  it("matches exact names, provider-prefixed names and dated snapshots to the most specific family", () => {
    expect(priceFor("gpt-4o", DEFAULT_PRICES)).toEqual(DEFAULT_PRICES["gpt-4o"]);
    expect(priceFor("openai/GPT-4o-mini-2024-07-18", DEFAULT_PRICES)).toEqual(DEFAULT_PRICES["gpt-4o-mini"]);
    expect(priceFor("@cf/meta/llama-3.1-8b-instruct", DEFAULT_PRICES)).toEqual(DEFAULT_PRICES["llama-3.1-8b-instruct"]);
    expect(priceFor("gpt-4ox", DEFAULT_PRICES)).toBeNull();
    expect(priceFor("mystery-model", DEFAULT_PRICES)).toBeNull();
  });

  it("sums tokens times price per model, and gives up rather than undercount an unpriced model", () => {
    const prices = { a: { inputPerMillion: 1, outputPerMillion: 2 }, b: { inputPerMillion: 10, outputPerMillion: 20 } };
    expect(estimateCost([{ model: "a", inputTokens: 1_000_000, outputTokens: 500_000 }, { model: "b", inputTokens: 1000, outputTokens: 100 }], prices)).toBe(2.012);
    expect(estimateCost([{ model: "a", inputTokens: 10, outputTokens: 10 }, { model: "zzz", inputTokens: 1, outputTokens: 1 }], prices)).toBeNull();
    expect(estimateCost([], prices)).toBeNull();
  });
});
