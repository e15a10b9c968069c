import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { addMember, createUser } from "../auth/accounts";
import { MIN_PASSWORD_LENGTH } from "../auth/passwords";
import { can, type Principal } from "../auth/principal";
import type { Database } from "../db/client";
import { annotationQueues, members, queueAssignees, roles, users, type Role } from "../db/schema";
import { ServiceError } from "../errors";
import { listMembers } from "./members";

// Settings › Members: who is in the project and with which role. A project always keeps at least one admin, so
// nobody can lock everyone out of its configuration. Sessions are checked against membership on every request,
// so a removal or a role change takes effect at once.

export const addMemberSchema = z.object({
  email: z.string().trim().toLowerCase().email("enter an email address"),
  name: z.string().trim().min(1, "name is required").max(120),
  role: z.enum(roles),
  // Only for a person without an account yet: the password they sign in with first.
  password: z.string().max(200).optional(),
});
export type AddMemberInput = z.infer<typeof addMemberSchema>;

export const roleSchema = z.object({ userId: z.string().min(1), role: z.enum(roles) });

function requireAdmin(principal: Principal): void {
  if (!can(principal, "configure")) throw new ServiceError("forbidden", "only admins can manage members");
}

export async function listProjectMembers(db: Database, principal: Principal) {
  requireAdmin(principal);
  return listMembers(db, principal.projectId);
}

/** Adds an existing account to the project, or creates the account first (with the password the admin chose). */
export async function addProjectMember(db: Database, principal: Principal, raw: unknown): Promise<{ userId: string; created: boolean }> {
  requireAdmin(principal);
  const parsed = addMemberSchema.safeParse(raw);
  if (!parsed.success) throw ServiceError.fromZod(parsed.error, "member");
  const input = parsed.data;
  const existing = await db.query.users.findFirst({ where: eq(users.email, input.email) });
  if (existing) {
    const already = await db.query.members.findFirst({ where: and(eq(members.projectId, principal.projectId), eq(members.userId, existing.id)) });
    if (already) throw fieldError("conflict", "email", `${input.email} is already a member`);
    await addMember(db, principal.projectId, existing.id, input.role);
    return { userId: existing.id, created: false };
  }
  const password = input.password ?? "";
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw fieldError("bad_request", "password", `a new account needs a first password of at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const userId = await createUser(db, { email: input.email, name: input.name, password });
  await addMember(db, principal.projectId, userId, input.role);
  return { userId, created: true };
}

export async function changeMemberRole(db: Database, principal: Principal, raw: unknown): Promise<void> {
  requireAdmin(principal);
  const parsed = roleSchema.safeParse(raw);
  if (!parsed.success) throw ServiceError.fromZod(parsed.error, "role");
  const { userId, role } = parsed.data;
  const current = await membership(db, principal.projectId, userId);
  if (current === role) return;
  if (current === "admin") await requireAnotherAdmin(db, principal.projectId, "demote");
  await db.update(members).set({ role }).where(and(eq(members.projectId, principal.projectId), eq(members.userId, userId)));
}

/** Removes the membership and the person's queue assignments in this project; the account and its annotations stay. */
export async function removeMember(db: Database, principal: Principal, userId: string): Promise<void> {
  requireAdmin(principal);
  const current = await membership(db, principal.projectId, userId);
  if (current === "admin") await requireAnotherAdmin(db, principal.projectId, "remove");
  const projectQueues = db.select({ id: annotationQueues.id }).from(annotationQueues).where(eq(annotationQueues.projectId, principal.projectId));
  await db.batch([
    db.delete(queueAssignees).where(and(eq(queueAssignees.userId, userId), inArray(queueAssignees.queueId, projectQueues))),
    db.delete(members).where(and(eq(members.projectId, principal.projectId), eq(members.userId, userId))),
  ]);
}

async function membership(db: Database, projectId: string, userId: string): Promise<Role> {
  const row = await db.query.members.findFirst({ where: and(eq(members.projectId, projectId), eq(members.userId, userId)) });
  if (!row) throw new ServiceError("not_found", "no such member in this project");
  return row.role;
}

async function requireAnotherAdmin(db: Database, projectId: string, verb: string): Promise<void> {
  const [row] = await db
    .select({ admins: sql<number>`count(*)` })
    .from(members)
    .where(and(eq(members.projectId, projectId), eq(members.role, "admin")));
  if (Number(row?.admins ?? 0) <= 1) throw new ServiceError("conflict", `cannot ${verb} the project's last admin: make someone else an admin first`);
}

function fieldError(code: "conflict" | "bad_request", path: string, message: string): ServiceError {
  return new ServiceError(code, message, { issues: [{ path, message }] });
}
