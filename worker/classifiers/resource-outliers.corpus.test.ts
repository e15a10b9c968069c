import { describe, expect, it } from "vitest";
import { z } from "zod";
import cases from "../../test/fixtures/classifiers/resource_outliers/cases.json";
import { generateHistory, profiles } from "../../test/fixtures/classifiers/resource_outliers/history";
import { BaselineSet } from "./baselines/baseline-set";
import { classifyResourceUse, observationSchema } from "./resource-outliers";

// The labelled corpus: hand-written outliers and near-misses judged against a seeded, recorded baseline history.
const corpus = z
  .array(observationSchema.omit({ traceId: true }).extend({ id: z.string(), label: z.enum(["outlier", "normal"]), why: z.string() }))
  .parse(cases);

describe("Resource Outliers corpus", () => {
  it("has at least 15 outliers and 15 normal traces, over models with every amount of history", () => {
    expect(corpus.filter((c) => c.label === "outlier").length).toBeGreaterThanOrEqual(15);
    expect(corpus.filter((c) => c.label === "normal").length).toBeGreaterThanOrEqual(15);
    expect(new Set(corpus.map((c) => c.model))).toEqual(new Set(profiles.map((p) => p.model)));
  });

  it("finds the outliers with precision and recall of at least 0.9", () => {
    const baselines = new BaselineSet();
    for (const observation of generateHistory()) baselines.add(observation);
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    const misjudged: string[] = [];
    for (const { id, label, model, metrics, why } of corpus) {
      // Each case is judged alone against the history, never added to it.
      const verdict = classifyResourceUse({ traceId: id, model, metrics }, baselines.scopesFor(model));
      const outlier = label === "outlier";
      if (verdict.flagged && outlier) truePositives++;
      if (verdict.flagged && !outlier) falsePositives++;
      if (!verdict.flagged && outlier) falseNegatives++;
      if (verdict.flagged !== outlier) misjudged.push(`${id} (${label}: ${why}) -> ${verdict.reason}`);
    }
    const precision = truePositives / (truePositives + falsePositives);
    const recall = truePositives / (truePositives + falseNegatives);
    console.log(`resource_outliers corpus: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} over ${corpus.length} cases`);
    if (misjudged.length > 0) console.log(`resource_outliers misjudged:\n  ${misjudged.join("\n  ")}`);
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
