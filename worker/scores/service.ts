import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { newId } from "../auth/crypto";
import { can, type Principal } from "../auth/principal";
import { chunk, rowsPerInsert, type Database } from "../db/client";
import { scoreConfigs, scores, traces } from "../db/schema";
import { scoreValue } from "../annotations/service";
import { ServiceError } from "../errors";
import { routeToLiveQueues } from "../queues/routing";
import { existingTraceIds } from "../traces/service";
import { postScoresSchema, type PostScoresInput, type ScoreSource } from "./schemas";
import { fitToConfig, type ScoreValue } from "./values";

type ScoreConfigRow = typeof scoreConfigs.$inferSelect;

export interface ScoreToStore extends ScoreValue {
  traceId: string;
  evaluation: string;
  source: ScoreSource;
  reason: string | null;
  /** Omitted: the project's score config named like the evaluation (ignoring case, as names are unique that way), when the value fits it (as for OTLP results). */
  scoreConfigId?: string | null;
}

export interface StoredScore extends ScoreValue {
  traceId: string;
  evaluation: string;
  scoreConfigId: string | null;
}

/**
 * Upserts machine scores on (project, trace, evaluation, source): a redelivered or re-posted result replaces the
 * previous one. One D1 batch, so a call is written whole or not at all. The settle pipeline calls this with the
 * output of extractEvaluationScores and source "otlp".
 */
export async function upsertScores(db: Database, projectId: string, input: readonly ScoreToStore[], now = Date.now()): Promise<StoredScore[]> {
  if (input.length === 0) return [];
  const byName = input.some((s) => s.scoreConfigId === undefined) ? await configsByName(db, projectId) : new Map<string, ScoreConfigRow>();
  // Within one call the last score for a key wins, as it would across calls.
  const latest = new Map(input.map((s) => [JSON.stringify([s.traceId, s.evaluation, s.source]), s]));
  const rows = [...latest.values()].map((s) => ({
    id: newId("score"),
    projectId,
    traceId: s.traceId,
    evaluation: s.evaluation,
    source: s.source,
    reason: s.reason,
    ...resolveConfig(s, byName),
    createdAt: now,
    updatedAt: now,
  }));
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  const [first, ...rest] = chunk(rows, rowsPerInsert(scores)).map((part) =>
    db
      .insert(scores)
      .values(part)
      .onConflictDoUpdate({
        target: [scores.projectId, scores.traceId, scores.evaluation, scores.source],
        set: {
          scoreConfigId: excluded("score_config_id"),
          valueNumber: excluded("value_number"),
          valueLabel: excluded("value_label"),
          reason: excluded("reason"),
          updatedAt: excluded("updated_at"),
        },
      }),
  );
  if (first) await db.batch([first, ...rest]);
  return rows.map(({ traceId, evaluation, scoreConfigId, valueNumber, valueLabel }) => ({ traceId, evaluation, scoreConfigId, valueNumber, valueLabel }));
}

function resolveConfig(score: ScoreToStore, byName: Map<string, ScoreConfigRow>): { scoreConfigId: string | null } & ScoreValue {
  const raw = { valueNumber: score.valueNumber, valueLabel: score.valueLabel };
  if (score.scoreConfigId !== undefined) return { scoreConfigId: score.scoreConfigId, ...raw };
  const config = byName.get(score.evaluation.toLowerCase());
  const fitted = config ? fitToConfig(config, raw) : null;
  // A result that fits no config is kept as sent: visible on the trace, just not comparable with human verdicts.
  return config && fitted ? { scoreConfigId: config.id, ...fitted } : { scoreConfigId: null, ...raw };
}

async function configsByName(db: Database, projectId: string): Promise<Map<string, ScoreConfigRow>> {
  const rows = await db.select().from(scoreConfigs).where(eq(scoreConfigs.projectId, projectId));
  return new Map(rows.map((row) => [row.name.toLowerCase(), row]));
}

/**
 * `POST /api/v1/scores`: machine scores from an outside evaluator. Every score is checked first (trace exists,
 * score config exists, value fits it); if any fails, the answer names each failing item and nothing is written.
 * Scores usually arrive after their trace completed, when live queues have already judged it; so settled traces
 * are offered to the live queues again, now with their scores (a queue filtered to "evaluation X has scored" takes
 * them). Queues remember each decision, so a trace is never added twice.
 */
export async function postScores(db: Database, env: Env, principal: Principal, raw: PostScoresInput): Promise<{ written: number; items: StoredScore[] }> {
  if (!can(principal, "ingest")) throw new ServiceError("forbidden", "posting scores needs an ingest or admin key, or an admin");
  const parsed = postScoresSchema.safeParse(raw);
  if (!parsed.success) throw ServiceError.fromZod(parsed.error, "scores");
  const input = parsed.data.scores;
  const [traces, configs] = await Promise.all([
    existingTraceIds(db, principal.projectId, [...new Set(input.map((s) => s.traceId))]),
    db.select().from(scoreConfigs).where(eq(scoreConfigs.projectId, principal.projectId)),
  ]);
  const byId = new Map(configs.map((c) => [c.id, c]));
  const byName = new Map(configs.map((c) => [c.name.toLowerCase(), c]));

  const issues: { path: string; message: string }[] = [];
  const ready: ScoreToStore[] = [];
  input.forEach((score, i) => {
    const at = (field: string, message: string) => issues.push({ path: `scores.${i}.${field}`, message });
    if (!traces.has(score.traceId)) at("traceId", `trace ${score.traceId} not found in this project`);
    const id = "scoreConfigId" in score ? score.scoreConfigId : undefined;
    const config = id !== undefined ? byId.get(id) : byName.get(score.scoreConfig!.toLowerCase());
    if (!config) return at(id !== undefined ? "scoreConfigId" : "scoreConfig", `score config ${id ?? `named "${score.scoreConfig}"`} not found`);
    if (id !== undefined && score.scoreConfig !== undefined && score.scoreConfig.toLowerCase() !== config.name.toLowerCase()) {
      return at("scoreConfig", `score config ${id} is named "${config.name}", not "${score.scoreConfig}"`);
    }
    try {
      const value = scoreValue(config, score.value);
      ready.push({ traceId: score.traceId, evaluation: score.evaluation, source: "api", reason: score.reason ?? null, scoreConfigId: config.id, ...value });
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      at("value", error.message);
    }
  });
  if (issues.length > 0) {
    const rejected = new Set(issues.map((issue) => issue.path.split(".")[1])).size;
    throw new ServiceError("bad_request", `${rejected} of ${input.length} scores rejected, nothing written: ${issues[0]!.path}: ${issues[0]!.message}`, { issues });
  }
  const items = await upsertScores(db, principal.projectId, ready);
  // Traces still settling are routed when they settle, with these scores in place.
  const settled = await settledTraceIds(db, principal.projectId, [...new Set(items.map((s) => s.traceId))]);
  if (settled.length > 0) await routeToLiveQueues(db, env, settled.map((traceId) => ({ projectId: principal.projectId, traceId })));
  return { written: items.length, items };
}

async function settledTraceIds(db: Database, projectId: string, traceIds: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const ids of chunk(traceIds, 90)) {
    const rows = await db
      .select({ id: traces.id })
      .from(traces)
      .where(and(eq(traces.projectId, projectId), inArray(traces.id, ids), isNotNull(traces.settledAt)));
    found.push(...rows.map((r) => r.id));
  }
  return found;
}
