import { describe, expect, it } from "vitest";
import { span, T0, TRACE_ID } from "../ingest/genai-fixtures";
import { EVALUATION_EVENT, extractEvaluationScores } from "./extract";

const result = (time: number, attributes: Record<string, unknown>) => ({ name: EVALUATION_EVENT, time: T0 + time, attributes });

describe("extractEvaluationScores", () => {
  it("reads gen_ai.evaluation.result events on the span they evaluate", () => {
    const chat = span("chat", 0, {
      attributes: { "gen_ai.operation.name": "chat" },
      events: [
        result(500, {
          "gen_ai.evaluation.name": "Relevance",
          "gen_ai.evaluation.score.value": 4,
          "gen_ai.evaluation.score.label": "relevant",
          "gen_ai.evaluation.explanation": "Answers the question asked.",
        }),
        { name: "gen_ai.content.completion", time: T0 + 600, attributes: { "gen_ai.evaluation.name": "Not an evaluation event" } },
      ],
    });
    expect(extractEvaluationScores([chat])).toEqual([
      { traceId: TRACE_ID, spanId: "chat", evaluation: "Relevance", valueNumber: 4, valueLabel: "relevant", reason: "Answers the question asked.", at: T0 + 500 },
    ]);
  });

  it("reads results carried as attributes of a span of their own", () => {
    const evaluation = span("eval", 900, { attributes: { "gen_ai.evaluation.name": "Groundedness", "gen_ai.evaluation.score.label": "fail" } });
    expect(extractEvaluationScores([evaluation])).toMatchObject([{ evaluation: "Groundedness", valueNumber: null, valueLabel: "fail", reason: null, at: T0 + 1000 }]);
  });

  it("takes int64 strings as numbers and ignores non-finite ones", () => {
    const spans = [
      span("a", 0, { events: [result(1, { "gen_ai.evaluation.name": "Stars", "gen_ai.evaluation.score.value": "5" })] }),
      span("b", 0, { events: [result(1, { "gen_ai.evaluation.name": "Broken", "gen_ai.evaluation.score.value": "NaN" })] }),
    ];
    expect(extractEvaluationScores(spans)).toMatchObject([{ evaluation: "Stars", valueNumber: 5 }]);
  });

  it("skips results without a name, without any score, or whose evaluation failed", () => {
    const spans = [
      span("a", 0, {
        events: [
          result(1, { "gen_ai.evaluation.score.value": 1 }),
          result(2, { "gen_ai.evaluation.name": "   ", "gen_ai.evaluation.score.value": 1 }),
          result(3, { "gen_ai.evaluation.name": "Empty", "gen_ai.evaluation.explanation": "no score" }),
          result(4, { "gen_ai.evaluation.name": "Errored", "gen_ai.evaluation.score.value": 0, "error.type": "timeout" }),
          result(5, { "gen_ai.evaluation.name": 42, "gen_ai.evaluation.score.value": 1 }),
        ],
      }),
    ];
    expect(extractEvaluationScores(spans)).toEqual([]);
  });

  it("keeps one result per evaluation and trace: the latest", () => {
    const spans = [
      span("first", 0, { events: [result(100, { "gen_ai.evaluation.name": "Relevance", "gen_ai.evaluation.score.value": 2 })] }),
      span("second", 1000, { events: [result(1100, { "gen_ai.evaluation.name": "Relevance", "gen_ai.evaluation.score.value": 5 })] }),
      span("third", 200, { events: [result(300, { "gen_ai.evaluation.name": "Tone", "gen_ai.evaluation.score.label": "polite" })] }),
      span("other-trace", 0, { traceId: "f".repeat(32), events: [result(50, { "gen_ai.evaluation.name": "Relevance", "gen_ai.evaluation.score.value": 1 })] }),
    ];
    const scores = extractEvaluationScores(spans);
    expect(scores.map((s) => [s.traceId.slice(0, 4), s.evaluation, s.valueNumber ?? s.valueLabel, s.spanId])).toEqual([
      [TRACE_ID.slice(0, 4), "Relevance", 5, "second"],
      [TRACE_ID.slice(0, 4), "Tone", "polite", "third"],
      ["ffff", "Relevance", 1, "other-trace"],
    ]);
  });
});
