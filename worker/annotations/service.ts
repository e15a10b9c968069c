import { and, asc, eq, type SQL } from "drizzle-orm";
import { z } from "zod";
import { newId } from "../auth/crypto";
import { can, type Principal } from "../auth/principal";
import type { Database } from "../db/client";
import { annotations, issues, messages, scoreConfigs, users } from "../db/schema";
import { ServiceError } from "../errors";
import { createIssueSchema } from "../issues/schemas";
import { newIssueRow, requireIssue } from "../issues/service";
import { existingTraceIds } from "../traces/service";
import { annotationTargetSchema, type AnnotationTarget } from "./target";
import { targetProblem } from "./text-ranges";

export { annotationTargetSchema, type AnnotationTarget } from "./target";

// pass/fail as a boolean, a category's label, or a number in the config's range
export const scoreInputSchema = z.union([z.boolean(), z.number(), z.string().min(1)]);

/** An annotation links to an existing issue, or files a new one in the same write. */
export const issueLinkFields = {
  issueId: z.string().min(1).nullable().optional(),
  newIssue: createIssueSchema.optional(),
};
const oneIssue = (input: { issueId?: string | null; newIssue?: unknown }) => !(input.issueId && input.newIssue);
const oneIssueMessage = { message: "send issueId or newIssue, not both", path: ["newIssue"] };

export const createAnnotationSchema = z
  .object({
    traceId: z.string().regex(/^[0-9a-f]{32}$/, "trace ids are 32 lowercase hex characters"),
    queueId: z.string().min(1).optional(),
    scoreConfigId: z.string().min(1),
    value: scoreInputSchema,
    comment: z.string().max(20_000).default(""),
    target: annotationTargetSchema.default({ level: "conversation" }),
    ...issueLinkFields,
  })
  .refine(oneIssue, oneIssueMessage);
export type CreateAnnotationInput = z.input<typeof createAnnotationSchema>;

/** Published human annotations: the only ones that count as human verdicts (drafts and rejected ones never do). */
export const humanVerdict: SQL = and(eq(annotations.status, "published"), eq(annotations.source, "human")) as SQL;

export function requireAnnotate(principal: Principal): void {
  if (!can(principal, "review")) throw new ServiceError("forbidden", "this key cannot annotate");
}

export async function createAnnotation(db: Database, principal: Principal, raw: CreateAnnotationInput) {
  requireAnnotate(principal);
  const parsed = createAnnotationSchema.safeParse(raw);
  if (!parsed.success) throw ServiceError.fromZod(parsed.error, "annotation");
  const { newIssue, ...input } = parsed.data;
  if ((await existingTraceIds(db, principal.projectId, [input.traceId])).size === 0) {
    throw new ServiceError("not_found", `trace ${input.traceId} not found`);
  }
  await requireTargetFits(db, principal.projectId, input.traceId, input.target);
  const value = scoreValue(await requireScoreConfig(db, principal.projectId, input.scoreConfigId), input.value);
  const link = await issueLink(db, principal.projectId, input.issueId, newIssue);
  const id = newId("ann");
  const now = Date.now();
  const insert = db.insert(annotations).values({
    id,
    projectId: principal.projectId,
    traceId: input.traceId,
    queueId: input.queueId ?? null,
    authorId: principal.kind === "user" ? principal.userId : null,
    scoreConfigId: input.scoreConfigId,
    ...value,
    comment: input.comment,
    target: input.target,
    issueId: link.issueId,
    status: "published",
    source: "human",
    createdAt: now,
    updatedAt: now,
  });
  // The new issue and the annotation pointing at it are written together, or neither is.
  if (link.insert) await db.batch([link.insert, insert]);
  else await insert;
  return { id, ...input, issueId: link.issueId, ...value, status: "published" as const, source: "human" as const, createdAt: now };
}

export async function requireScoreConfig(db: Database, projectId: string, scoreConfigId: string) {
  const config = await db.query.scoreConfigs.findFirst({
    where: and(eq(scoreConfigs.id, scoreConfigId), eq(scoreConfigs.projectId, projectId)),
  });
  if (!config) throw new ServiceError("not_found", `score config ${scoreConfigId} not found`);
  return config;
}

/** A message or range target must point at something the trace's conversation has. */
export async function requireTargetFits(db: Database, projectId: string, traceId: string, target: AnnotationTarget): Promise<void> {
  if (target.level === "conversation") return;
  const rows = await db
    .select({ parts: messages.parts })
    .from(messages)
    .where(and(eq(messages.projectId, projectId), eq(messages.traceId, traceId)))
    .orderBy(asc(messages.position));
  const problem = targetProblem(target, rows);
  if (problem) throw new ServiceError("bad_request", `invalid annotation target: ${problem}`);
}

/** The issue an annotation will link to, and the statement that files it when it is new. */
export async function issueLink(db: Database, projectId: string, issueId: string | null | undefined, newIssue: z.output<typeof createIssueSchema> | undefined) {
  if (newIssue) {
    const row = newIssueRow(projectId, newIssue);
    return { issueId: row.id, insert: db.insert(issues).values(row) };
  }
  if (issueId) await requireIssue(db, projectId, issueId);
  return { issueId: issueId ?? null, insert: null };
}

/** Checks a raw value against its score config and says which column holds it. */
export function scoreValue(
  config: Pick<typeof scoreConfigs.$inferSelect, "type" | "name" | "categories" | "minValue" | "maxValue">,
  value: boolean | number | string,
): { valueNumber: number | null; valueLabel: string | null } {
  if (config.type === "boolean") {
    if (typeof value !== "boolean") throw new ServiceError("bad_request", `${config.name} takes true (pass) or false (fail)`);
    return { valueNumber: value ? 1 : 0, valueLabel: null };
  }
  if (config.type === "categorical") {
    if (typeof value !== "string" || !(config.categories ?? []).includes(value)) {
      throw new ServiceError("bad_request", `${config.name} takes one of: ${(config.categories ?? []).join(", ")}`);
    }
    return { valueNumber: null, valueLabel: value };
  }
  const min = config.minValue ?? -Infinity;
  const max = config.maxValue ?? Infinity;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new ServiceError("bad_request", `${config.name} takes a number from ${min} to ${max}`);
  }
  return { valueNumber: value, valueLabel: null };
}

/** A trace's annotations, oldest first: published, drafts and rejected drafts alike, each saying which it is. */
export async function listAnnotations(db: Database, principal: Principal, traceId: string) {
  if (!can(principal, "read")) throw new ServiceError("forbidden", "this key may only ingest traces");
  return db
    .select({
      id: annotations.id,
      traceId: annotations.traceId,
      queueId: annotations.queueId,
      authorId: annotations.authorId,
      authorName: users.name,
      scoreConfigId: annotations.scoreConfigId,
      scoreName: scoreConfigs.name,
      scoreType: scoreConfigs.type,
      valueNumber: annotations.valueNumber,
      valueLabel: annotations.valueLabel,
      comment: annotations.comment,
      target: annotations.target,
      issueId: annotations.issueId,
      issueTitle: issues.title,
      status: annotations.status,
      source: annotations.source,
      createdAt: annotations.createdAt,
      updatedAt: annotations.updatedAt,
    })
    .from(annotations)
    .leftJoin(users, eq(users.id, annotations.authorId))
    .leftJoin(scoreConfigs, eq(scoreConfigs.id, annotations.scoreConfigId))
    .leftJoin(issues, and(eq(issues.id, annotations.issueId), eq(issues.projectId, annotations.projectId)))
    .where(and(eq(annotations.projectId, principal.projectId), eq(annotations.traceId, traceId)))
    .orderBy(asc(annotations.createdAt), asc(annotations.id));
}

export async function listScoreConfigs(db: Database, principal: Principal) {
  if (!can(principal, "read")) throw new ServiceError("forbidden", "this key may only ingest traces");
  return db.select().from(scoreConfigs).where(eq(scoreConfigs.projectId, principal.projectId)).orderBy(asc(scoreConfigs.name));
}
