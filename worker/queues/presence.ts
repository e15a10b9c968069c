import { PRESENCE_REVIEWER_HEADERS } from "../../durable-objects/annotation-queue";
import { can, reviewerId, type Principal } from "../auth/principal";
import type { Database } from "../db/client";
import { ServiceError } from "../errors";
import { getQueue, queueStub } from "./service";

/**
 * Connects a reviewer's page to the queue's Durable Object for live presence and progress. The Worker decides who
 * the reviewer is and that they may review here; the Durable Object trusts the headers because only the Worker
 * can reach it.
 */
export async function connectPresence(db: Database, env: Env, principal: Principal, queueId: string, request: Request): Promise<Response> {
  if (!can(principal, "review")) throw new ServiceError("forbidden", "only reviewers and admins can join a queue's presence");
  if (request.headers.get("Upgrade") !== "websocket") throw new ServiceError("bad_request", "presence is a WebSocket: send `Upgrade: websocket`");
  const queue = await getQueue(db, principal, queueId);
  const headers = new Headers({ Upgrade: "websocket" });
  headers.set(PRESENCE_REVIEWER_HEADERS.id, reviewerId(principal));
  headers.set(PRESENCE_REVIEWER_HEADERS.name, principal.kind === "user" ? principal.name : "API key");
  return queueStub(env, queue.id).fetch(new Request(request.url, { headers }));
}
