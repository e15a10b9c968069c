import type { scoreConfigs } from "../db/schema";

export type ScoreConfigShape = Pick<typeof scoreConfigs.$inferSelect, "type" | "categories" | "minValue" | "maxValue">;

export interface ScoreValue {
  valueNumber: number | null;
  valueLabel: string | null;
}

// The labels evaluators commonly give a pass/fail verdict (the OTel GenAI convention's examples include
// pass/fail, correct/incorrect and relevant/not_relevant).
const PASS = new Set(["pass", "passed", "true", "yes", "correct", "relevant", "good"]);
const FAIL = new Set(["fail", "failed", "false", "no", "incorrect", "not_relevant", "irrelevant", "bad"]);

/**
 * An outside evaluator's result (a number, a label, or both) in the columns of a score config, or null when it does
 * not fit: boolean → 1 (pass) / 0 (fail), categorical → one of the categories, numeric → a number in range.
 */
export function fitToConfig(config: ScoreConfigShape, score: ScoreValue): ScoreValue | null {
  const label = score.valueLabel?.trim().toLowerCase() ?? null;
  if (config.type === "boolean") {
    if (label !== null && PASS.has(label)) return { valueNumber: 1, valueLabel: null };
    if (label !== null && FAIL.has(label)) return { valueNumber: 0, valueLabel: null };
    if (score.valueNumber === 1 || score.valueNumber === 0) return { valueNumber: score.valueNumber, valueLabel: null };
    return null;
  }
  if (config.type === "categorical") {
    const categories = config.categories ?? [];
    const candidates = [score.valueLabel, score.valueNumber === null ? null : String(score.valueNumber)];
    for (const candidate of candidates) {
      if (candidate === null) continue;
      const match = categories.find((c) => c === candidate) ?? categories.find((c) => c.toLowerCase() === candidate.trim().toLowerCase());
      if (match !== undefined) return { valueNumber: null, valueLabel: match };
    }
    return null;
  }
  const value = score.valueNumber;
  if (value === null || value < (config.minValue ?? -Infinity) || value > (config.maxValue ?? Infinity)) return null;
  return { valueNumber: value, valueLabel: null };
}
