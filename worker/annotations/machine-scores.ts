import { and, asc, eq } from "drizzle-orm";
import type { Principal } from "../auth/principal";
import type { Database } from "../db/client";
import { scoreConfigs, scores } from "../db/schema";
import { requireRead } from "../traces/service";

// What machines said about a trace (classifier results and outside evaluations), for the review screen's metadata.
// Read here rather than in worker/scores, which owns writing them, because only the review screen shows them.

export interface MachineScoreView {
  evaluation: string;
  scoreName: string | null;
  source: string;
  valueNumber: number | null;
  valueLabel: string | null;
  flagged: boolean | null;
  confidence: number | null;
  reason: string | null;
  /** Where a classifier's finding points: {messageIndex, partIndex?}; null for scores without one. */
  evidence: { messageIndex: number; partIndex?: number } | null;
  provider: string | null;
  version: string | null;
}

export async function listMachineScores(db: Database, principal: Principal, traceId: string): Promise<MachineScoreView[]> {
  requireRead(principal);
  const rows = await db
    .select({
      evaluation: scores.evaluation,
      scoreName: scoreConfigs.name,
      source: scores.source,
      valueNumber: scores.valueNumber,
      valueLabel: scores.valueLabel,
      flagged: scores.flagged,
      confidence: scores.confidence,
      reason: scores.reason,
      evidence: scores.evidence,
      provider: scores.provider,
      version: scores.version,
    })
    .from(scores)
    .leftJoin(scoreConfigs, eq(scoreConfigs.id, scores.scoreConfigId))
    .where(and(eq(scores.projectId, principal.projectId), eq(scores.traceId, traceId)))
    .orderBy(asc(scores.evaluation), asc(scores.source));
  // Flagged results first: they are the reason the trace is here.
  return rows
    .map((row) => ({ ...row, evidence: evidenceOf(row.evidence) }))
    .sort((a, b) => Number(b.flagged === true) - Number(a.flagged === true));
}

function evidenceOf(value: unknown): MachineScoreView["evidence"] {
  if (typeof value !== "object" || value === null) return null;
  const { messageIndex, partIndex } = value as { messageIndex?: unknown; partIndex?: unknown };
  if (typeof messageIndex !== "number") return null;
  return typeof partIndex === "number" ? { messageIndex, partIndex } : { messageIndex };
}
