import { and, desc, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Principal } from "../auth/principal";
import type { Database } from "../db/client";
import { annotationQueues, annotations, scoreConfigs, scores, traces, users } from "../db/schema";
import { ServiceError } from "../errors";
import type { Page } from "../pagination";
import { requireRead } from "../traces/service";
import { reviewerAgreement as agreementOf, type ReviewerAgreement } from "./agreement";
import { defaultTolerance, disagreements, pageOfDisagreements, type Disagreement } from "./disagreements";
import { drift, type DriftBucket, type DriftPoint } from "./drift";
import { isNumeric, pairUp, scoreConfigOf, type HumanVerdictRow, type PairingCounts, type ScoreConfig } from "./pairs";
import { classificationReport, numericReport, type ClassificationReport, type NumericReport } from "./report";
import { agreementQuerySchema, alignmentQuerySchema, type AgreementQuery, type AlignmentQuery } from "./schemas";

// I/O for alignment: load rows scoped to the caller's project, hand them to the pure modules beside this one.

const effectiveTime = sql<number>`coalesce(${scores.updatedAt}, ${scores.createdAt})`;

/** Published, human, conversation-level verdicts: drafts and rejected ones never count, nor notes on one message. */
const humanVerdict = (projectId: string, scoreConfigId: string): SQL =>
  and(
    eq(annotations.projectId, projectId),
    eq(annotations.scoreConfigId, scoreConfigId),
    eq(annotations.status, "published"),
    eq(annotations.source, "human"),
    sql`json_extract(${annotations.target}, '$.level') = 'conversation'`,
  )!;

function parse<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw ServiceError.fromZod(parsed.error, "query");
  return parsed.data;
}

export interface EvaluationSummary {
  evaluation: string;
  scores: number;
  traces: number;
  sources: string[];
  scoreConfigs: string[];
  /** Scores whose trace also has a published human verdict on the same score config. */
  withHumanVerdict: number;
  lastScoredAt: number;
}

export async function listEvaluations(db: Database, principal: Principal): Promise<EvaluationSummary[]> {
  requireRead(principal);
  const rows = await db
    .select({
      evaluation: scores.evaluation,
      scores: sql<number>`count(*)`,
      traces: sql<number>`count(distinct ${scores.traceId})`,
      sources: sql<string>`group_concat(distinct ${scores.source})`,
      scoreConfigs: sql<string | null>`group_concat(distinct ${scoreConfigs.name})`,
      withHumanVerdict: sql<number>`coalesce(sum(exists (select 1 from annotations a where a.project_id = ${scores.projectId}
        and a.trace_id = ${scores.traceId} and a.score_config_id = ${scores.scoreConfigId} and a.status = 'published'
        and a.source = 'human' and json_extract(a.target, '$.level') = 'conversation')), 0)`,
      lastScoredAt: sql<number>`max(${effectiveTime})`,
    })
    .from(scores)
    .leftJoin(scoreConfigs, eq(scoreConfigs.id, scores.scoreConfigId))
    .where(eq(scores.projectId, principal.projectId))
    .groupBy(scores.evaluation)
    .orderBy(scores.evaluation);
  const list = (joined: string | null) => (joined ? joined.split(",").sort() : []);
  return rows.map((r) => ({ ...r, sources: list(r.sources), scoreConfigs: list(r.scoreConfigs) }));
}

export interface EvaluationAlignment {
  evaluation: string;
  /** The config compared on; null when the evaluation's scores carry none (then only counts are given). */
  scoreConfig: ScoreConfig | null;
  /** Every config this evaluation's scores use, most used first; pass `scoreConfigId` to pick another. */
  scoreConfigs: { id: string | null; name: string | null; scores: number }[];
  sources: string[];
  /** The source compared, when restricted with `source`. */
  source: string | null;
  counts: PairingCounts;
  reason: string | null;
  classification: ClassificationReport | null;
  numeric: (NumericReport & { tolerance: number }) | null;
  drift: { bucket: DriftBucket; points: DriftPoint[] };
  disagreements: Page<Disagreement>;
}

export async function evaluationAlignment(db: Database, principal: Principal, evaluation: string, raw: AlignmentQuery = {}): Promise<EvaluationAlignment> {
  requireRead(principal);
  const query = parse(alignmentQuerySchema, raw);
  const projectId = principal.projectId;
  const usage = await db
    .select({ id: scores.scoreConfigId, name: scoreConfigs.name, source: scores.source, scores: sql<number>`count(*)` })
    .from(scores)
    .leftJoin(scoreConfigs, eq(scoreConfigs.id, scores.scoreConfigId))
    .where(and(eq(scores.projectId, projectId), eq(scores.evaluation, evaluation)))
    .groupBy(scores.scoreConfigId, scores.source);
  if (usage.length === 0) throw new ServiceError("not_found", `evaluation ${evaluation} has no scores`);

  const byConfig = [...Map.groupBy(usage, (u) => u.id ?? "").values()]
    .map((group) => ({ id: group[0]!.id, name: group[0]!.name, scores: group.reduce((sum, u) => sum + u.scores, 0) }))
    .sort((a, b) => Number(a.id === null) - Number(b.id === null) || b.scores - a.scores);
  const chosenId = query.scoreConfigId ?? byConfig.find((c) => c.id !== null)?.id;
  const config = chosenId ? await db.query.scoreConfigs.findFirst({ where: and(eq(scoreConfigs.id, chosenId), eq(scoreConfigs.projectId, projectId)) }) : undefined;
  if (query.scoreConfigId && !config) throw new ServiceError("not_found", `score config ${query.scoreConfigId} not found`);

  const base = {
    evaluation,
    scoreConfigs: byConfig,
    sources: [...new Set(usage.map((u) => u.source))].sort(),
    source: query.source ?? null,
    drift: { bucket: query.bucket, points: [] },
    disagreements: { items: [], nextCursor: null },
    classification: null,
    numeric: null,
  };
  if (!config) {
    const machineScores = byConfig.reduce((sum, c) => sum + c.scores, 0);
    const reason = "these scores carry no score config, so there are no human verdicts to compare them with";
    return { ...base, scoreConfig: null, counts: { machineScores, humanVerdicts: 0, pairs: 0, ties: 0 }, reason };
  }

  const scored = and(eq(scores.projectId, projectId), eq(scores.evaluation, evaluation), eq(scores.scoreConfigId, config.id), query.source ? eq(scores.source, query.source) : undefined);
  const [machineRows, humanRows] = await Promise.all([
    db
      .select({
        traceId: scores.traceId,
        traceName: traces.name,
        startedAt: traces.startedAt,
        valueNumber: scores.valueNumber,
        valueLabel: scores.valueLabel,
        source: scores.source,
        reason: scores.reason,
        scoredAt: effectiveTime,
      })
      .from(scores)
      .innerJoin(traces, and(eq(traces.projectId, scores.projectId), eq(traces.id, scores.traceId)))
      .where(scored),
    loadHumanVerdicts(db, projectId, config.id, inArray(annotations.traceId, db.select({ id: scores.traceId }).from(scores).where(scored))),
  ]);

  const scoreConfig = scoreConfigOf(config);
  const { pairs, counts } = pairUp(scoreConfig, machineRows, humanRows);
  const numeric = isNumeric(scoreConfig);
  const tolerance = query.tolerance ?? defaultTolerance(scoreConfig);
  return {
    ...base,
    scoreConfig,
    counts,
    reason: pairs.length === 0 ? "no trace has both a machine score and a published human verdict on this score config yet" : null,
    classification: numeric ? null : classificationReport(scoreConfig, pairs),
    numeric: numeric ? { ...numericReport(pairs), tolerance } : null,
    drift: { bucket: query.bucket, points: drift(pairs, query.bucket, numeric) },
    disagreements: pageOfDisagreements(disagreements(scoreConfig, pairs, tolerance), query.cursor, query.limit),
  };
}

function loadHumanVerdicts(db: Database, projectId: string, scoreConfigId: string, where?: SQL): Promise<HumanVerdictRow[]> {
  return db
    .select({
      traceId: annotations.traceId,
      authorId: annotations.authorId,
      queueId: annotations.queueId,
      valueNumber: annotations.valueNumber,
      valueLabel: annotations.valueLabel,
      createdAt: annotations.createdAt,
    })
    .from(annotations)
    .where(and(humanVerdict(projectId, scoreConfigId), where))
    .orderBy(desc(annotations.createdAt));
}

export interface ReviewerAgreementView extends ReviewerAgreement {
  scoreConfig: ScoreConfig;
  queueId: string | null;
  /** Queues holding verdicts on this config, to narrow the view to one. */
  queues: { id: string; name: string; reviewersPerItem: number }[];
}

export async function reviewerAgreement(db: Database, principal: Principal, raw: AgreementQuery): Promise<ReviewerAgreementView> {
  requireRead(principal);
  const query = parse(agreementQuerySchema, raw);
  const projectId = principal.projectId;
  const config = await db.query.scoreConfigs.findFirst({ where: and(eq(scoreConfigs.id, query.scoreConfigId), eq(scoreConfigs.projectId, projectId)) });
  if (!config) throw new ServiceError("not_found", `score config ${query.scoreConfigId} not found`);
  if (query.queueId) {
    const queue = await db.query.annotationQueues.findFirst({ where: and(eq(annotationQueues.id, query.queueId), eq(annotationQueues.projectId, projectId)) });
    if (!queue) throw new ServiceError("not_found", `queue ${query.queueId} not found`);
  }
  const [rows, queues] = await Promise.all([
    loadHumanVerdicts(db, projectId, config.id, and(isNotNull(annotations.authorId), query.queueId ? eq(annotations.queueId, query.queueId) : undefined)),
    db
      .selectDistinct({ id: annotationQueues.id, name: annotationQueues.name, reviewersPerItem: annotationQueues.reviewersPerItem })
      .from(annotations)
      .innerJoin(annotationQueues, eq(annotationQueues.id, annotations.queueId))
      .where(and(humanVerdict(projectId, config.id), eq(annotationQueues.projectId, projectId)))
      .orderBy(annotationQueues.name),
  ]);
  const authorIds = [...new Set(rows.map((r) => r.authorId!))];
  const names = new Map<string, string>();
  for (let i = 0; i < authorIds.length; i += 90) {
    const found = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, authorIds.slice(i, i + 90)));
    for (const user of found) names.set(user.id, user.name);
  }
  const scoreConfig = scoreConfigOf(config);
  return { scoreConfig, queueId: query.queueId ?? null, queues, ...agreementOf(scoreConfig, rows, names) };
}
