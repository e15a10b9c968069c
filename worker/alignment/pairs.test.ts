import { describe, expect, it } from "vitest";
import { consensus, pairUp, verdictOf, type HumanVerdictRow, type MachineScoreRow, type ScoreConfig } from "./pairs";

const verdict: ScoreConfig = { id: "sc_v", name: "Verdict", type: "boolean", categories: null, minValue: null, maxValue: null };
const stars: ScoreConfig = { id: "sc_s", name: "Stars", type: "numeric", categories: null, minValue: 1, maxValue: 5 };

const machine = (traceId: string, valueNumber: number, scoredAt = 1, source = "api"): MachineScoreRow => ({
  traceId, traceName: traceId, startedAt: 0, valueNumber, valueLabel: null, source, reason: null, scoredAt,
});
const human = (traceId: string, authorId: string | null, valueNumber: number, createdAt = 1, queueId: string | null = null): HumanVerdictRow => ({
  traceId, authorId, queueId, valueNumber, valueLabel: null, createdAt,
});

describe("verdicts and consensus", () => {
  it("reads boolean scores as pass/fail and drops what the config cannot hold", () => {
    expect(verdictOf(verdict, { valueNumber: 1, valueLabel: null })).toBe("pass");
    expect(verdictOf(verdict, { valueNumber: 0, valueLabel: null })).toBe("fail");
    expect(verdictOf(verdict, { valueNumber: 0.5, valueLabel: null })).toBeNull();
    expect(verdictOf(stars, { valueNumber: null, valueLabel: "x" })).toBeNull();
  });

  it("takes the majority label, no verdict on an even split, and the mean of numbers", () => {
    expect(consensus(verdict, ["pass", "fail", "pass"])).toBe("pass");
    expect(consensus(verdict, ["pass", "fail"])).toBeNull();
    expect(consensus({ type: "categorical" }, ["a", "b", "b", "c", "c"])).toBeNull();
    expect(consensus(stars, [2, 5])).toBe(3.5);
    expect(consensus(verdict, [])).toBeNull();
  });
});

describe("pairing machine scores with human verdicts", () => {
  it("uses each reviewer's latest verdict and each trace's latest machine score", () => {
    const { pairs, counts } = pairUp(
      verdict,
      [machine("t1", 1, 1, "otlp"), machine("t1", 0, 5, "api"), machine("t2", 1), machine("t3", 1)],
      [
        human("t1", "ana", 1, 1),
        human("t1", "ana", 0, 9, "q1"), // ana changed her mind: fail
        human("t2", "ana", 1),
        human("t2", "bo", 0), // split: left out
      ],
    );
    expect(counts).toEqual({ machineScores: 3, humanVerdicts: 2, pairs: 1, ties: 1 });
    expect(pairs).toEqual([expect.objectContaining({ traceId: "t1", machine: "fail", human: "fail", humanRatings: 1, source: "api", queueId: "q1" })]);
  });

  it("counts API-key verdicts as one reviewer among the people", () => {
    const { pairs } = pairUp(verdict, [machine("t1", 1)], [human("t1", null, 0, 1), human("t1", null, 1, 2), human("t1", "ana", 1)]);
    expect(pairs[0]).toMatchObject({ human: "pass", humanRatings: 2 });
  });

  it("averages reviewers' numbers", () => {
    const { pairs } = pairUp(stars, [machine("t1", 4)], [human("t1", "ana", 2), human("t1", "bo", 5)]);
    expect(pairs[0]).toMatchObject({ machine: 4, human: 3.5 });
  });
});
