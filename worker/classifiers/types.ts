import type { IngestSpan, Message, TraceSummary } from "../traces/model";

// The contract every classifier implements: a pure function of one settled trace.

export const classifierKeys = [
  "jailbreaking",
  "refusal",
  "frustration",
  "forgetting",
  "laziness",
  "inappropriate_content",
  "trashing",
  "tool_call_errors",
  "resource_outliers",
  "output_schema_validation",
  "empty_response",
] as const;
export type ClassifierKey = (typeof classifierKeys)[number];

/** What a classifier sees: the trace as settled (summary with cost, conversation, and every span). */
export interface ClassifierTrace {
  traceId: string;
  summary: TraceSummary;
  conversation: Message[];
  spans: IngestSpan[];
}

/** Where in the conversation a finding points: the message (and optionally the part) a reviewer should read. */
export interface Evidence {
  messageIndex: number;
  partIndex?: number;
}

/** One classifier's decision on one trace. Every run yields one, flagged or not, so "ran and said no" is visible. */
export interface ClassifierVerdict {
  flagged: boolean;
  /** 0..1: how sure the classifier is of `flagged`. Deterministic rules that fire are 1. */
  confidence: number;
  /** A sentence a reviewer can read: what was found, or why nothing was. */
  reason: string;
  evidence?: Evidence;
  /** Rule-specific facts, e.g. the metric, its value and the baseline for Resource Outliers. */
  details?: Record<string, unknown>;
}

export type Provider = "rules" | "workers-ai" | "heuristic";

/** A verdict as stored: which classifier, who decided, and which configuration version. */
export interface ClassifierResult extends ClassifierVerdict {
  classifier: ClassifierKey;
  provider: Provider;
  version: string;
}

/** A deterministic classifier: the same trace always gets the same verdict, with no I/O. */
export interface RuleClassifier {
  key: ClassifierKey;
  /** Bumped whenever the rule changes, and stored with each result. */
  version: string;
  classify(trace: ClassifierTrace): ClassifierVerdict;
}
