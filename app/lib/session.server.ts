import { redirect, type AppLoadContext } from "@remix-run/cloudflare";
import { principalForSession, readSessionToken } from "../../worker/auth/sessions";
import { database } from "../../worker/db/client";
import type { Principal } from "../../worker/auth/principal";
import { ensureSystemQueues } from "../../worker/projects/system-queues";

export type UserPrincipal = Extract<Principal, { kind: "user" }>;

export function db(context: AppLoadContext) {
  return database(context.cloudflare.env.DB);
}

export async function currentUser(request: Request, context: AppLoadContext): Promise<UserPrincipal | null> {
  const token = readSessionToken(request);
  const principal = token ? await principalForSession(db(context), token) : null;
  if (principal?.kind !== "user") return null;
  await ensureSystemQueues(db(context), context.cloudflare.env, principal.projectId);
  return principal;
}

/** The signed-in user, or a redirect to the login page that comes back here afterwards. */
export async function requireUser(request: Request, context: AppLoadContext): Promise<UserPrincipal> {
  const user = await currentUser(request, context);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}
