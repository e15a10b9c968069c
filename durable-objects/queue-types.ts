// The shapes the AnnotationQueue's store and RPC methods exchange.

export interface QueueSettings {
  queueId: string;
  projectId: string;
  reviewersPerItem: number;
  leaseMs: number;
  /** Share of matching completed traces a live queue takes, 0–100. */
  samplingPercent: number;
}

export interface LiveStats {
  matched: number;
  sampled: number;
}

export interface Neighbors {
  position: number;
  total: number;
  previous: string | null;
  next: string | null;
}

export interface QueueProgress {
  total: number;
  completed: number;
  percent: number;
  byReviewer: Record<string, number>;
  version: number;
}

export interface ClaimedItem {
  traceId: string;
  leaseExpiresAt: number;
  position: number;
  total: number;
}

export type ItemStatus = "pending" | "reserved" | "completed";

export class QueueError extends Error {
  constructor(
    readonly code: "not_configured" | "not_found" | "conflict",
    message: string,
  ) {
    super(message);
  }
}
