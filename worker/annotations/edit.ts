import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { can, type Principal } from "../auth/principal";
import type { Database } from "../db/client";
import { annotations } from "../db/schema";
import { ServiceError } from "../errors";
import { issueLink, issueLinkFields, requireAnnotate, requireScoreConfig, scoreInputSchema, scoreValue } from "./service";

// Changing annotations after the fact: a reviewer corrects their own, and drafts (from classifiers) are accepted as
// they are, accepted with edits, or rejected. An accepted draft becomes the reviewer's own published annotation, so
// it counts as a human verdict from then on; a rejected one stays rejected and never counts.

export const annotationEditSchema = z
  .object({
    // Changing the score config needs a value for the new one.
    scoreConfigId: z.string().min(1).optional(),
    value: scoreInputSchema.optional(),
    comment: z.string().max(20_000).optional(),
    ...issueLinkFields,
  })
  .refine((edit) => !(edit.issueId && edit.newIssue), { message: "send issueId or newIssue, not both", path: ["newIssue"] })
  .refine((edit) => edit.scoreConfigId === undefined || edit.value !== undefined, { message: "a new score config needs a value", path: ["value"] });
export type AnnotationEdit = z.input<typeof annotationEditSchema>;

export const acceptDraftSchema = z.intersection(annotationEditSchema, z.object({ queueId: z.string().min(1).optional() }));
export type AcceptDraftInput = z.input<typeof acceptDraftSchema>;

type Row = typeof annotations.$inferSelect;

async function requireAnnotation(db: Database, principal: Principal, id: string): Promise<Row> {
  requireAnnotate(principal);
  const [row] = await db.select().from(annotations).where(and(eq(annotations.projectId, principal.projectId), eq(annotations.id, id)));
  if (!row) throw new ServiceError("not_found", `annotation ${id} not found`);
  return row;
}

function parse<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw ServiceError.fromZod(parsed.error, "edit");
  return parsed.data;
}

/** The columns an edit sets: the value checked against its (possibly new) score config, the issue resolved. */
async function editedColumns(db: Database, projectId: string, row: Row, edit: z.output<typeof annotationEditSchema>) {
  const scoreConfigId = edit.scoreConfigId ?? row.scoreConfigId;
  let value: { valueNumber: number | null; valueLabel: string | null } = { valueNumber: row.valueNumber, valueLabel: row.valueLabel };
  if (edit.value !== undefined) {
    if (!scoreConfigId) throw new ServiceError("bad_request", "choose a score config for this annotation");
    value = scoreValue(await requireScoreConfig(db, projectId, scoreConfigId), edit.value);
  }
  if (!scoreConfigId) throw new ServiceError("bad_request", "this draft has no score yet: send scoreConfigId and value");
  const keepsIssue = edit.issueId === undefined && !edit.newIssue;
  const link = keepsIssue ? { issueId: row.issueId, insert: null } : await issueLink(db, projectId, edit.issueId, edit.newIssue);
  return {
    columns: { scoreConfigId, ...value, comment: edit.comment ?? row.comment, issueId: link.issueId, updatedAt: Date.now() },
    issueInsert: link.insert,
  };
}

/** Runs the update only while the row is still in `status`; a lost race answers 409 instead of overwriting. */
async function updateWhile(db: Database, row: Row, status: Row["status"], set: Partial<Row>, issueInsert: Awaited<ReturnType<typeof editedColumns>>["issueInsert"]) {
  const update = db
    .update(annotations)
    .set(set)
    .where(and(eq(annotations.projectId, row.projectId), eq(annotations.id, row.id), eq(annotations.status, status)));
  const results = issueInsert ? await db.batch([update, issueInsert]) : [await update];
  const changed = results[0]?.meta.changes ?? 0;
  if (changed === 0) throw new ServiceError("conflict", `annotation ${row.id} changed meanwhile: it is no longer ${status}`);
}

export interface AnnotationChange {
  id: string;
  status: Row["status"];
  source: Row["source"];
  authorId: string | null;
  scoreConfigId: string | null;
  valueNumber: number | null;
  valueLabel: string | null;
  comment: string;
  issueId: string | null;
  updatedAt: number;
}

function changeOf(row: Row, set: Partial<Row>): AnnotationChange {
  const next = { ...row, ...set };
  return {
    id: next.id,
    status: next.status,
    source: next.source,
    authorId: next.authorId,
    scoreConfigId: next.scoreConfigId,
    valueNumber: next.valueNumber,
    valueLabel: next.valueLabel,
    comment: next.comment,
    issueId: next.issueId,
    updatedAt: next.updatedAt,
  };
}

/** A published annotation's author (or an admin) corrects its value, comment or issue. */
export async function updateAnnotation(db: Database, principal: Principal, id: string, raw: AnnotationEdit): Promise<AnnotationChange> {
  const edit = parse(annotationEditSchema, raw);
  const row = await requireAnnotation(db, principal, id);
  if (row.status !== "published") throw new ServiceError("conflict", `annotation ${id} is a ${row.status} annotation: accept or reject drafts instead`);
  const own = principal.kind === "user" && row.authorId === principal.userId;
  if (!own && !can(principal, "configure")) throw new ServiceError("forbidden", "only the author or an admin can change an annotation");
  const { columns, issueInsert } = await editedColumns(db, principal.projectId, row, edit);
  await updateWhile(db, row, "published", columns, issueInsert);
  return changeOf(row, columns);
}

/** Accepts a draft as is, or with edits; either way it becomes the reviewer's published human annotation. */
export async function acceptDraft(db: Database, principal: Principal, id: string, raw: AcceptDraftInput): Promise<AnnotationChange> {
  const { queueId, ...edit } = parse(acceptDraftSchema, raw);
  const row = await requireDraft(db, principal, id);
  const { columns, issueInsert } = await editedColumns(db, principal.projectId, row, edit);
  const set = {
    ...columns,
    status: "published" as const,
    source: "human" as const,
    authorId: principal.kind === "user" ? principal.userId : null,
    queueId: queueId ?? row.queueId,
  };
  await updateWhile(db, row, "draft", set, issueInsert);
  return changeOf(row, set);
}

/** Rejects a draft; it stays on record as rejected and is never counted. */
export async function rejectDraft(db: Database, principal: Principal, id: string): Promise<AnnotationChange> {
  const row = await requireDraft(db, principal, id);
  const set = { status: "rejected" as const, updatedAt: Date.now() };
  await updateWhile(db, row, "draft", set, null);
  return changeOf(row, set);
}

async function requireDraft(db: Database, principal: Principal, id: string): Promise<Row> {
  const row = await requireAnnotation(db, principal, id);
  if (row.status !== "draft") throw new ServiceError("conflict", `annotation ${id} is ${row.status}, not a draft`);
  return row;
}
