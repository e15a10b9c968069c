import { asc, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { members, users, type Role } from "../db/schema";
import { newId } from "./crypto";
import { hashPassword, MIN_PASSWORD_LENGTH, PASSWORD_ITERATIONS, verifyPassword } from "./passwords";

export class AccountError extends Error {}

export async function createUser(db: Database, input: { email: string; name: string; password: string }): Promise<string> {
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new AccountError(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const id = newId("usr");
  const password = await hashPassword(input.password);
  await db.insert(users).values({
    id,
    email: normalizeEmail(input.email),
    name: input.name,
    passwordHash: password.hash,
    passwordSalt: password.salt,
    passwordIterations: password.iterations,
  });
  return id;
}

export async function addMember(db: Database, projectId: string, userId: string, role: Role): Promise<void> {
  await db.insert(members).values({ projectId, userId, role }).onConflictDoUpdate({
    target: [members.projectId, members.userId],
    set: { role },
  });
}

// Checked when the email is unknown, so a miss costs one PBKDF2 run like a wrong password does.
const decoy = { hash: "", salt: "decoy-salt", iterations: PASSWORD_ITERATIONS };

/** The user and the project to sign them into, or null for any mismatch (never says which part was wrong). */
export async function authenticate(db: Database, email: string, password: string) {
  const user = await db.query.users.findFirst({ where: eq(users.email, normalizeEmail(email)) });
  const stored = user
    ? { hash: user.passwordHash, salt: user.passwordSalt, iterations: user.passwordIterations }
    : decoy;
  const valid = await verifyPassword(password, stored);
  if (!user || !valid) return null;
  const membership = await db.query.members.findFirst({
    where: eq(members.userId, user.id),
    orderBy: asc(members.createdAt),
  });
  return membership ? { userId: user.id, projectId: membership.projectId } : null;
}

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
