import { unwrap } from "../errors";
import { observe } from "./resource-outliers";
import type { ClassifierTrace, ClassifierVerdict } from "./types";

/** Stored with each Resource Outliers result; bump when the rule, its thresholds or the sketch settings change. */
export const RESOURCE_OUTLIERS_VERSION = "resource-outliers/1";

/**
 * Judges settled traces against their project's baselines (and adds them to it), in one RPC to the project's
 * ProjectBaselines DO. Safe to repeat for the same traces: a redelivered trace is judged but not counted again.
 */
export async function assessResourceOutliers(
  env: Env,
  projectId: string,
  traces: readonly ClassifierTrace[],
): Promise<Map<string, ClassifierVerdict>> {
  if (traces.length === 0) return new Map();
  const stub = env.PROJECT_BASELINES.get(env.PROJECT_BASELINES.idFromName(projectId));
  const assessments = unwrap(await stub.assess(traces.map(observe)));
  return new Map(assessments.map(({ traceId, verdict }) => [traceId, verdict]));
}
