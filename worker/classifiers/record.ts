import { and, eq, inArray, sql } from "drizzle-orm";
import { chunk, rowsPerInsert, type Database } from "../db/client";
import { annotations, scores, traceFlags } from "../db/schema";
import { ensureSystemQueues, systemQueueId, systemScoreConfigId } from "../projects/system-queues";
import { routeToLiveQueues } from "../queues/routing";
import type { ScoreSource } from "../scores/schemas";
import type { ClassifierResult } from "./types";

export interface TraceResults {
  traceId: string;
  results: readonly ClassifierResult[];
}

type Statement = Parameters<Database["batch"]>[0][number];

/** Classifier results are machine scores with this source; outside evaluations use "api" or "otlp". */
const CLASSIFIER_SOURCE: ScoreSource = "classifier";

/**
 * Stores classifier results: one machine score per (trace, classifier), the flag that system queues filter on, and a
 * draft annotation for each flag. Safe to repeat (queue delivery is at-least-once, traces re-settle): scores and flags
 * are replaced, a trace no longer flagged loses its flag, and a draft a reviewer already handled is left alone.
 * With `route`, flagged traces are then offered to the project's live queues, the system queues among them.
 */
export async function recordClassifierResults(
  db: Database,
  env: Env,
  projectId: string,
  batch: readonly TraceResults[],
  options: { route?: boolean; now?: number } = {},
): Promise<void> {
  const now = options.now ?? Date.now();
  const rows = batch.flatMap(({ traceId, results }) => results.map((result) => ({ traceId, result })));
  if (rows.length === 0) return;
  await ensureSystemQueues(db, env, projectId);
  const statements: Statement[] = [
    ...scoreStatements(db, projectId, rows, now),
    ...flagStatements(db, projectId, rows, now),
    ...draftStatements(db, projectId, rows.filter((r) => r.result.flagged), now),
  ];
  for (const part of chunk(statements, 50)) {
    const [first, ...rest] = part;
    if (first) await db.batch([first, ...rest]);
  }
  if (options.route) {
    const flagged = [...new Set(rows.filter((r) => r.result.flagged).map((r) => r.traceId))];
    if (flagged.length > 0) await routeToLiveQueues(db, env, flagged.map((traceId) => ({ projectId, traceId })), now);
  }
}

type Row = { traceId: string; result: ClassifierResult };

function scoreStatements(db: Database, projectId: string, rows: readonly Row[], now: number): Statement[] {
  const values = rows.map(({ traceId, result }) => ({
    id: `score_${result.classifier}_${traceId}_${projectId}`,
    projectId,
    traceId,
    evaluation: result.classifier,
    scoreConfigId: systemScoreConfigId(projectId, result.classifier),
    valueNumber: result.flagged ? 1 : 0,
    reason: result.reason,
    source: CLASSIFIER_SOURCE,
    flagged: result.flagged,
    confidence: result.confidence,
    evidence: result.evidence ?? null,
    provider: result.provider,
    version: result.version,
    createdAt: now,
    updatedAt: now,
  }));
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  return chunk(values, rowsPerInsert(scores)).map((part) =>
    db
      .insert(scores)
      .values(part)
      .onConflictDoUpdate({
        target: [scores.projectId, scores.traceId, scores.evaluation, scores.source],
        set: {
          valueNumber: excluded("value_number"),
          reason: excluded("reason"),
          flagged: excluded("flagged"),
          confidence: excluded("confidence"),
          evidence: excluded("evidence"),
          provider: excluded("provider"),
          version: excluded("version"),
          updatedAt: excluded("updated_at"),
        },
      }),
  );
}

function flagStatements(db: Database, projectId: string, rows: readonly Row[], now: number): Statement[] {
  const flagged = rows.filter((r) => r.result.flagged);
  const cleared = rows.filter((r) => !r.result.flagged);
  const statements: Statement[] = chunk(flagged, rowsPerInsert(traceFlags)).map((part) =>
    db
      .insert(traceFlags)
      .values(part.map(({ traceId, result }) => ({ projectId, traceId, classifier: result.classifier, reason: result.reason, createdAt: now })))
      .onConflictDoUpdate({ target: [traceFlags.projectId, traceFlags.traceId, traceFlags.classifier], set: { reason: sql.raw("excluded.reason") } }),
  );
  for (const [classifier, group] of Map.groupBy(cleared, (r) => r.result.classifier)) {
    for (const ids of chunk(group.map((r) => r.traceId), 90)) {
      statements.push(
        db.delete(traceFlags).where(and(eq(traceFlags.projectId, projectId), eq(traceFlags.classifier, classifier), inArray(traceFlags.traceId, ids))),
      );
    }
  }
  return statements;
}

/** The draft a reviewer of the system queue confirms, edits or rejects; its id is stable so it is written once. */
function draftAnnotationId(projectId: string, traceId: string, classifier: string): string {
  return `draft_${classifier}_${traceId}_${projectId}`;
}

function draftStatements(db: Database, projectId: string, rows: readonly Row[], now: number): Statement[] {
  const values = rows.map(({ traceId, result }) => ({
    id: draftAnnotationId(projectId, traceId, result.classifier),
    projectId,
    traceId,
    queueId: systemQueueId(projectId, result.classifier),
    authorId: null,
    scoreConfigId: systemScoreConfigId(projectId, result.classifier),
    valueNumber: 1,
    comment: result.reason,
    target: result.evidence ? { level: "message" as const, messageIndex: result.evidence.messageIndex } : { level: "conversation" as const },
    status: "draft" as const,
    source: "classifier" as const,
    createdAt: now,
    updatedAt: now,
  }));
  return chunk(values, rowsPerInsert(annotations)).map((part) => db.insert(annotations).values(part).onConflictDoNothing());
}
