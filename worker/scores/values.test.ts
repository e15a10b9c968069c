import { describe, expect, it } from "vitest";
import { fitToConfig, type ScoreConfigShape } from "./values";

const boolean: ScoreConfigShape = { type: "boolean", categories: null, minValue: null, maxValue: null };
const tone: ScoreConfigShape = { type: "categorical", categories: ["polite", "neutral", "rude"], minValue: null, maxValue: null };
const stars: ScoreConfigShape = { type: "numeric", categories: null, minValue: 1, maxValue: 5 };
const v = (valueNumber: number | null, valueLabel: string | null) => ({ valueNumber, valueLabel });

describe("fitting an outside evaluator's result to a score config", () => {
  it("turns pass/fail labels and 0/1 into a boolean verdict, label first", () => {
    expect(fitToConfig(boolean, v(null, "PASS"))).toEqual(v(1, null));
    expect(fitToConfig(boolean, v(null, "not_relevant"))).toEqual(v(0, null));
    expect(fitToConfig(boolean, v(1, "incorrect"))).toEqual(v(0, null));
    expect(fitToConfig(boolean, v(0, null))).toEqual(v(0, null));
    expect(fitToConfig(boolean, v(0.7, null))).toBeNull();
    expect(fitToConfig(boolean, v(null, "maybe"))).toBeNull();
  });

  it("maps labels onto categories by exact spelling, then ignoring case", () => {
    expect(fitToConfig(tone, v(null, "Rude"))).toEqual(v(null, "rude"));
    expect(fitToConfig(tone, v(null, "angry"))).toBeNull();
    expect(fitToConfig({ ...tone, categories: ["1", "2", "3"] }, v(2, null))).toEqual(v(null, "2"));
  });

  it("keeps numbers inside the numeric range only", () => {
    expect(fitToConfig(stars, v(4.5, "good"))).toEqual(v(4.5, null));
    expect(fitToConfig(stars, v(6, null))).toBeNull();
    expect(fitToConfig(stars, v(null, "5"))).toBeNull();
  });
});
