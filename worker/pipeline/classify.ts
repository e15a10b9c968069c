import type { ClassifierResult, ClassifierTrace, ClassifierVerdict, RuleClassifier } from "../classifiers/types";
import { enqueueLlmClassification } from "../classifiers/llm/enqueue";
import { recordClassifierResults } from "../classifiers/record";
import { assessResourceOutliers, RESOURCE_OUTLIERS_VERSION } from "../classifiers/resource-outliers-client";
import { ruleClassifiers } from "../classifiers/rules";
import type { Database } from "../db/client";
import type { SettledTrace } from "./settle";

/** The classification steps a settle runs, injectable so tests can drive the pipeline with rules of their own. */
export interface ClassificationSteps {
  rules: readonly RuleClassifier[];
  /** Resource Outliers: judged against the project's baselines, which this call also updates. */
  assessOutliers(env: Env, projectId: string, traces: readonly ClassifierTrace[]): Promise<{ verdicts: Map<string, ClassifierVerdict>; version: string }>;
  /** Hands the sampled share to the LLM classifiers; borderline Trashing verdicts ask the LLM to confirm. */
  enqueueLlm(db: Database, env: Env, projectId: string, traces: readonly ClassifierTrace[], borderlineTrashing: ReadonlySet<string>): Promise<unknown>;
}

export const classificationSteps: ClassificationSteps = {
  rules: ruleClassifiers,
  assessOutliers: async (env, projectId, traces) => ({
    verdicts: await assessResourceOutliers(env, projectId, traces),
    version: RESOURCE_OUTLIERS_VERSION,
  }),
  enqueueLlm: enqueueLlmClassification,
};

/**
 * The deterministic classifiers over freshly settled traces: every rule, then Resource Outliers, stored as machine
 * scores and flags (routing follows in the consumer), then the LLM share queued. A rule that throws is a bug: it is
 * logged and skipped for that trace so the other classifiers' results and the routing still happen.
 */
export async function classifySettled(db: Database, env: Env, settled: readonly SettledTrace[], steps: ClassificationSteps, now = Date.now()): Promise<void> {
  for (const [projectId, traces] of Map.groupBy(settled, (t) => t.projectId)) {
    const results = new Map<string, ClassifierResult[]>(traces.map((t) => [t.traceId, []]));
    for (const trace of traces) {
      for (const rule of steps.rules) {
        const verdict = runRule(rule, trace);
        if (verdict) results.get(trace.traceId)?.push({ ...verdict, classifier: rule.key, provider: "rules", version: rule.version });
      }
    }
    const outliers = await steps.assessOutliers(env, projectId, traces);
    for (const [traceId, verdict] of outliers.verdicts) {
      results.get(traceId)?.push({ ...verdict, classifier: "resource_outliers", provider: "rules", version: outliers.version });
    }
    await recordClassifierResults(db, env, projectId, [...results].map(([traceId, list]) => ({ traceId, results: list })), { now });
    const borderline = new Set(
      [...results].filter(([, list]) => list.some((r) => r.classifier === "trashing" && r.details?.["borderline"] === true)).map(([id]) => id),
    );
    await steps.enqueueLlm(db, env, projectId, traces, borderline);
  }
}

function runRule(rule: RuleClassifier, trace: ClassifierTrace): ClassifierVerdict | null {
  try {
    return rule.classify(trace);
  } catch (error) {
    console.error(`classifier ${rule.key} failed on trace ${trace.traceId}`, error);
    return null;
  }
}
