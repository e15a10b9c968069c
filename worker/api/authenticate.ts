import { createMiddleware } from "hono/factory";
import { principalForApiKey } from "../auth/api-keys";
import { principalForSession, readSessionToken } from "../auth/sessions";
import { database } from "../db/client";
import { ServiceError } from "../errors";
import { ensureSystemQueues } from "../projects/system-queues";
import type { AppEnv } from "./context";

/** Accepts a project API key (`Authorization: Bearer …`) or, for the browser, the session cookie. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const db = database(c.env.DB);
  c.set("db", db);
  const header = c.req.header("Authorization");
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new ServiceError("unauthorized", "Authorization must be `Bearer <api key>`");
    const principal = await principalForApiKey(db, match[1]);
    if (!principal) throw new ServiceError("unauthorized", "unknown or revoked API key");
    c.set("principal", principal);
    await ensureSystemQueues(db, c.env, principal.projectId);
    return next();
  }
  const token = readSessionToken(c.req.raw);
  const principal = token ? await principalForSession(db, token) : null;
  if (!principal) throw new ServiceError("unauthorized", "send an API key as `Authorization: Bearer <key>`");
  c.set("principal", principal);
  await ensureSystemQueues(db, c.env, principal.projectId);
  return next();
});
