import { z } from "zod";
import type { Quantiles } from "./baselines/sketch";
import type { ClassifierTrace, ClassifierVerdict } from "./types";

// Resource Outliers: a trace whose duration, time to first token, tokens or cost materially exceeds the project's
// norms for its model. Pure: the baselines (quantiles as they were before this trace) are passed in.

export const resourceMetrics = ["durationMs", "timeToFirstTokenMs", "totalTokens", "cost"] as const;
export type ResourceMetric = (typeof resourceMetrics)[number];

/** The model key of traces that name no model. */
export const NO_MODEL = "(any)";

/** How many traces must back each rule before it may fire. */
export const MIN_TRACES = { median: 30, p95: 100, p99: 1_000 } as const;
export const MEDIAN_MULTIPLE = 3;

const MAX_MODEL_LENGTH = 200;
const metricValue = z.number().finite().nonnegative().nullable();
export const observationSchema = z.object({
  traceId: z.string().min(1).max(200),
  model: z.string().min(1).max(MAX_MODEL_LENGTH),
  metrics: z.object({
    durationMs: metricValue,
    timeToFirstTokenMs: metricValue,
    totalTokens: metricValue,
    cost: metricValue,
  }),
});
/** One trace's resource use, as the baselines see it. A null metric is unknown: never judged, never recorded. */
export type Observation = z.infer<typeof observationSchema>;

export type MetricBaselines = Partial<Record<ResourceMetric, Quantiles>>;
/** The baselines a trace is judged against: its model's own, and the whole project's as a fallback. */
export interface BaselineScopes {
  model: MetricBaselines;
  project: MetricBaselines;
}

export type OutlierRule = "p99" | "p95_latency_and_cost" | "3x_median";
// Type aliases, not interfaces, so verdicts stay assignable to ClassifierVerdict's details and cross RPC typed.
export type Baseline = {
  rule: OutlierRule;
  threshold: number;
  count: number;
  /** "model": the trace's model's own history; "project": every model's, used while the model has too little. */
  scope: "model" | "project";
  median: number;
};
export type Finding = {
  metric: ResourceMetric;
  value: number;
  baseline: Baseline;
};
export type ResourceOutlierDetails =
  | (Finding & { model: string; findings: Finding[] })
  | { model: string; judged: ResourceMetric[]; missing: ResourceMetric[] };
export interface ResourceOutlierVerdict extends ClassifierVerdict {
  details: ResourceOutlierDetails;
}

/** A value no metric can take (negative, NaN) is as good as unreported. */
const known = (value: number | null) => (value !== null && Number.isFinite(value) && value >= 0 ? value : null);

export function observe(trace: ClassifierTrace): Observation {
  const { summary } = trace;
  return {
    traceId: trace.traceId,
    model: summary.models[0]?.slice(0, MAX_MODEL_LENGTH) || NO_MODEL,
    metrics: {
      durationMs: known(summary.durationMs),
      timeToFirstTokenMs: known(summary.timeToFirstTokenMs),
      // A call always uses some tokens, so zero means the exporter reported no usage, not a cheap call.
      totalTokens: summary.totalTokens > 0 ? known(summary.totalTokens) : null,
      cost: known(summary.cost),
    },
  };
}

/**
 * The model's own baseline once it backs the smallest rule; before that the project-wide one. Choosing per metric
 * rather than per rule keeps a well-known model from being judged by other models' tails.
 */
function chooseBaseline(metric: ResourceMetric, scopes: BaselineScopes): { scope: Baseline["scope"]; quantiles: Quantiles } | undefined {
  const own = scopes.model[metric];
  if (own && own.count >= MIN_TRACES.median) return { scope: "model", quantiles: own };
  const project = scopes.project[metric];
  if (project && project.count >= MIN_TRACES.median) return { scope: "project", quantiles: project };
  return undefined;
}

// A baseline of zero (e.g. a free model's cost) says nothing about scale, so no rule fires against it.
const passes = (value: number, threshold: number) => threshold > 0 && value > threshold;

export function findOutliers(observation: Observation, scopes: BaselineScopes): Finding[] {
  const findings: Finding[] = [];
  const judged = new Map<ResourceMetric, { value: number; scope: Baseline["scope"]; quantiles: Quantiles }>();
  for (const metric of resourceMetrics) {
    const value = observation.metrics[metric];
    const chosen = value === null ? undefined : chooseBaseline(metric, scopes);
    if (value === null || !chosen) continue;
    judged.set(metric, { value, ...chosen });
    const { count, p50, p99 } = chosen.quantiles;
    const base = { count, scope: chosen.scope, median: p50 };
    if (count >= MIN_TRACES.p99 && passes(value, p99)) {
      findings.push({ metric, value, baseline: { rule: "p99", threshold: p99, ...base } });
    } else if (passes(value, MEDIAN_MULTIPLE * p50)) {
      findings.push({ metric, value, baseline: { rule: "3x_median", threshold: MEDIAN_MULTIPLE * p50, ...base } });
    }
  }
  const pair = (["durationMs", "cost"] as const).map((metric) => ({ metric, judged: judged.get(metric) }));
  const bothPass = pair.every(({ judged }) => judged && judged.quantiles.count >= MIN_TRACES.p95 && passes(judged.value, judged.quantiles.p95));
  if (bothPass) {
    for (const { metric, judged: j } of pair) {
      if (!j || findings.some((f) => f.metric === metric)) continue;
      const { count, p50, p95 } = j.quantiles;
      findings.push({ metric, value: j.value, baseline: { rule: "p95_latency_and_cost", threshold: p95, count, scope: j.scope, median: p50 } });
    }
  }
  return findings;
}

const ruleRank: Record<OutlierRule, number> = { p99: 0, "3x_median": 1, p95_latency_and_cost: 2 };
const metricLabel: Record<ResourceMetric, string> = {
  durationMs: "duration",
  timeToFirstTokenMs: "time to first token",
  totalTokens: "total tokens",
  cost: "cost",
};

function format(metric: ResourceMetric, value: number): string {
  if (metric === "cost") return `$${value.toPrecision(3)}`;
  const rounded = Math.round(value).toLocaleString("en-US");
  return metric === "totalTokens" ? rounded : `${rounded} ms`;
}

function describe(finding: Finding, model: string): string {
  const { metric, value, baseline } = finding;
  const whose = `${baseline.scope === "model" ? model : "project-wide"}, ${baseline.count.toLocaleString("en-US")} traces`;
  const what = `${metricLabel[metric]} ${format(metric, value)}`;
  switch (baseline.rule) {
    case "p99":
      return `${what} is above its p99 of ${format(metric, baseline.threshold)} (${whose})`;
    case "3x_median":
      return `${what} is more than ${MEDIAN_MULTIPLE}× its median of ${format(metric, baseline.median)} (${whose})`;
    case "p95_latency_and_cost":
      return `${what} is above its p95 of ${format(metric, baseline.threshold)}, with both latency and cost above p95 (${whose})`;
  }
}

export function classifyResourceUse(observation: Observation, scopes: BaselineScopes): ResourceOutlierVerdict {
  const { model, metrics } = observation;
  const findings = findOutliers(observation, scopes).sort(
    (a, b) => ruleRank[a.baseline.rule] - ruleRank[b.baseline.rule] || b.value / b.baseline.threshold - a.value / a.baseline.threshold,
  );
  const [primary] = findings;
  if (primary) {
    const reason = `${findings.map((f) => describe(f, model)).join("; ")}.`;
    return { flagged: true, confidence: 1, reason: reason[0]!.toUpperCase() + reason.slice(1), details: { model, ...primary, findings } };
  }
  const missing = resourceMetrics.filter((m) => metrics[m] === null);
  const chosen = resourceMetrics.flatMap((metric) => {
    const baseline = metrics[metric] === null ? undefined : chooseBaseline(metric, scopes);
    return baseline ? [{ metric, scope: baseline.scope }] : [];
  });
  const judged = chosen.map(({ metric }) => metric);
  const usedScopes = new Set(chosen.map(({ scope }) => scope));
  const whose = usedScopes.size === 2 ? `${model}'s and the project's` : usedScopes.has("project") ? "the project's" : `${model}'s`;
  const reason =
    judged.length > 0
      ? `No outlier: ${judged.map((m) => metricLabel[m]).join(", ")} within ${whose} baselines.`
      : `Not enough history to judge yet: a baseline needs ${MIN_TRACES.median} traces.`;
  return { flagged: false, confidence: 1, reason, details: { model, judged, missing } };
}
