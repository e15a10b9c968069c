import { describe, expect, it } from "vitest";
import { type CorpusCase, toTrace } from "../../test/fixtures/classifiers/build";
import { corpus } from "../../test/fixtures/classifiers";
import { ruleClassifiers } from "./rules";
import type { Message } from "../traces/model";
import type { Evidence, RuleClassifier } from "./types";

// Every deterministic classifier over its labelled corpus (test/fixtures/classifiers/<key>/cases.ts), with the
// traces normalized by the real ingest code. Precision and recall are printed for CI and must stay at 0.9 or more.

const MIN_CASES_PER_LABEL = 15;
const MIN_SCORE = 0.9;

interface Score {
  key: string;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  misclassified: string[];
  /** Flagged cases whose evidence does not name a message (and part) of the conversation. */
  unpointed: string[];
}

function pointsIntoConversation(evidence: Evidence | undefined, conversation: Message[]): boolean {
  const message = evidence ? conversation[evidence.messageIndex] : undefined;
  return message !== undefined && (evidence?.partIndex === undefined || message.parts[evidence.partIndex] !== undefined);
}

function score(rule: RuleClassifier, cases: CorpusCase[]): Score {
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const misclassified: string[] = [];
  const unpointed: string[] = [];
  for (const c of cases) {
    const trace = toTrace(c.spans);
    const verdict = rule.classify(trace);
    if (verdict.flagged && !pointsIntoConversation(verdict.evidence, trace.conversation)) unpointed.push(c.name);
    const expected = c.label === "positive";
    if (verdict.flagged === expected) counts[expected ? "tp" : "tn"]++;
    else {
      counts[expected ? "fn" : "fp"]++;
      misclassified.push(`${c.label === "positive" ? "missed" : "false alarm"}: ${c.name} (${verdict.reason})`);
    }
  }
  const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);
  return { key: rule.key, ...counts, precision: ratio(counts.tp, counts.tp + counts.fp), recall: ratio(counts.tp, counts.tp + counts.fn), misclassified, unpointed };
}

const scores = new Map<string, Score>();
for (const [key, cases] of Object.entries(corpus)) {
  const rule = ruleClassifiers.find((r) => r.key === key);
  if (rule) scores.set(key, score(rule, cases));
}

function report(): string {
  const rows = [...scores.values()].map((s) =>
    [s.key.padEnd(26), String(s.tp + s.fn).padStart(4), String(s.fp + s.tn).padStart(4), s.precision.toFixed(3).padStart(9), s.recall.toFixed(3).padStart(7)].join(" ")
  );
  const misses = [...scores.values()].flatMap((s) => s.misclassified.map((m) => `  ${s.key}: ${m}`));
  return [
    "Classifier corpus (positives, negatives, precision, recall):",
    `${"classifier".padEnd(26)} ${"pos".padStart(4)} ${"neg".padStart(4)} ${"precision".padStart(9)} ${"recall".padStart(7)}`,
    ...rows,
    misses.length > 0 ? "Misclassified:" : "Misclassified: none",
    ...misses,
  ].join("\n");
}

describe("classifier corpus", () => {
  it("covers every rule classifier with enough cases of each label, under unique names", () => {
    console.log(report());
    expect([...scores.keys()].sort()).toEqual(ruleClassifiers.map((r) => r.key).sort());
    for (const [key, cases] of Object.entries(corpus)) {
      expect(cases.filter((c) => c.label === "positive").length, key).toBeGreaterThanOrEqual(MIN_CASES_PER_LABEL);
      expect(cases.filter((c) => c.label === "negative").length, key).toBeGreaterThanOrEqual(MIN_CASES_PER_LABEL);
      expect(new Set(cases.map((c) => c.name)).size, key).toBe(cases.length);
    }
  });

  it("points every flag at a message of the conversation", () => {
    for (const s of scores.values()) expect(s.unpointed, s.key).toEqual([]);
  });

  for (const rule of ruleClassifiers) {
    it(`${rule.key}: precision and recall at least ${MIN_SCORE}`, () => {
      const s = scores.get(rule.key);
      expect(s, rule.key).toBeDefined();
      expect(s?.precision, s?.misclassified.join("\n")).toBeGreaterThanOrEqual(MIN_SCORE);
      expect(s?.recall, s?.misclassified.join("\n")).toBeGreaterThanOrEqual(MIN_SCORE);
    });
  }
});
