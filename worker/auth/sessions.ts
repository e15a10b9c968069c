import { and, eq, gt } from "drizzle-orm";
import type { Database } from "../db/client";
import { members, sessions, users } from "../db/schema";
import { randomToken, sha256Hex } from "./crypto";
import type { Principal } from "./principal";

export const SESSION_COOKIE = "aq_session";
const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

export async function createSession(db: Database, userId: string, projectId: string, now = Date.now()): Promise<string> {
  const token = randomToken(32);
  await db.insert(sessions).values({ id: await sha256Hex(token), userId, projectId, expiresAt: now + SESSION_TTL_MS });
  return token;
}

export async function principalForSession(db: Database, token: string, now = Date.now()): Promise<Principal | null> {
  const [row] = await db
    .select({ userId: users.id, name: users.name, email: users.email, projectId: sessions.projectId, role: members.role })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(members, and(eq(members.userId, sessions.userId), eq(members.projectId, sessions.projectId)))
    .where(and(eq(sessions.id, await sha256Hex(token)), gt(sessions.expiresAt, now)))
    .limit(1);
  return row ? { kind: "user", ...row } : null;
}

export async function deleteSession(db: Database, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, await sha256Hex(token)));
}

export function readSessionToken(request: Request): string | null {
  const cookie = request.headers.get("Cookie") ?? "";
  for (const pair of cookie.split(";")) {
    const [name, ...rest] = pair.trim().split("=");
    if (name === SESSION_COOKIE) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** Secure everywhere but plain-http localhost, where browsers would drop a Secure cookie. */
export function sessionCookie(request: Request, token: string | null): string {
  const { protocol, hostname } = new URL(request.url);
  const secure = protocol === "https:" || !["localhost", "127.0.0.1"].includes(hostname);
  const value = token ? encodeURIComponent(token) : "";
  const maxAge = token ? SESSION_TTL_MS / 1000 : 0;
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? "; Secure" : ""}`;
}
