import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { newId } from "../auth/crypto";
import { can, type Principal } from "../auth/principal";
import type { Database } from "../db/client";
import { annotations, scoreConfigs, users } from "../db/schema";
import { ServiceError } from "../errors";
import { existingTraceIds } from "../traces/service";

export const annotationTargetSchema = z.discriminatedUnion("level", [
  z.object({ level: z.literal("conversation") }),
  z.object({ level: z.literal("message"), messageIndex: z.number().int().min(0) }),
  z.object({
    level: z.literal("range"),
    messageIndex: z.number().int().min(0),
    partIndex: z.number().int().min(0),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
  }),
]);

export const createAnnotationSchema = z.object({
  traceId: z.string().regex(/^[0-9a-f]{32}$/, "trace ids are 32 lowercase hex characters"),
  queueId: z.string().min(1).optional(),
  scoreConfigId: z.string().min(1),
  // pass/fail as a boolean, a category's label, or a number in the config's range
  value: z.union([z.boolean(), z.number(), z.string().min(1)]),
  comment: z.string().max(20_000).default(""),
  target: annotationTargetSchema.default({ level: "conversation" }),
});
export type CreateAnnotationInput = z.input<typeof createAnnotationSchema>;

export async function createAnnotation(db: Database, principal: Principal, raw: CreateAnnotationInput) {
  if (!can(principal, "review")) throw new ServiceError("forbidden", "this key cannot annotate");
  const parsed = createAnnotationSchema.safeParse(raw);
  if (!parsed.success) throw ServiceError.fromZod(parsed.error, "annotation");
  const input = parsed.data;
  if ((await existingTraceIds(db, principal.projectId, [input.traceId])).size === 0) {
    throw new ServiceError("not_found", `trace ${input.traceId} not found`);
  }
  const config = await db.query.scoreConfigs.findFirst({
    where: and(eq(scoreConfigs.id, input.scoreConfigId), eq(scoreConfigs.projectId, principal.projectId)),
  });
  if (!config) throw new ServiceError("not_found", `score config ${input.scoreConfigId} not found`);
  const value = scoreValue(config, input.value);
  const id = newId("ann");
  const now = Date.now();
  await db.insert(annotations).values({
    id,
    projectId: principal.projectId,
    traceId: input.traceId,
    queueId: input.queueId ?? null,
    authorId: principal.kind === "user" ? principal.userId : null,
    scoreConfigId: config.id,
    ...value,
    comment: input.comment,
    target: input.target,
    updatedAt: now,
  });
  return { id, ...input, ...value, createdAt: now };
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

export async function listAnnotations(db: Database, principal: Principal, traceId: string) {
  if (!can(principal, "read")) throw new ServiceError("forbidden", "this key may only ingest traces");
  return db
    .select({
      id: annotations.id,
      traceId: annotations.traceId,
      queueId: annotations.queueId,
      authorName: users.name,
      scoreName: scoreConfigs.name,
      valueNumber: annotations.valueNumber,
      valueLabel: annotations.valueLabel,
      comment: annotations.comment,
      target: annotations.target,
      status: annotations.status,
      source: annotations.source,
      createdAt: annotations.createdAt,
    })
    .from(annotations)
    .leftJoin(users, eq(users.id, annotations.authorId))
    .leftJoin(scoreConfigs, eq(scoreConfigs.id, annotations.scoreConfigId))
    .where(and(eq(annotations.projectId, principal.projectId), eq(annotations.traceId, traceId)))
    .orderBy(asc(annotations.createdAt));
}

export async function listScoreConfigs(db: Database, principal: Principal) {
  if (!can(principal, "read")) throw new ServiceError("forbidden", "this key may only ingest traces");
  return db.select().from(scoreConfigs).where(eq(scoreConfigs.projectId, principal.projectId)).orderBy(asc(scoreConfigs.name));
}
