import type { AppLoadContext } from "@remix-run/cloudflare";
import { z } from "zod";
import { ServiceError } from "../../worker/errors";
import { filterSetSchema, parseFilterSet, type FilterSet } from "../../worker/filters/schema";
import { addItems } from "../../worker/queues/items";
import { getQueue, listQueues } from "../../worker/queues/service";
import { matchingSessionIds } from "../../worker/traces/sessions";
import { chunk } from "../../worker/db/client";
import type { AddToQueueResult } from "~/components/dashboard/add-to-queue";
import { formAction } from "./errors.server";
import { db, type UserPrincipal } from "./session.server";

// Glue shared by the trace and session dashboards: the applied filter from the URL, and "add to queue".

/** The `?filter=` of a dashboard URL; a broken one is reported on the page instead of failing it. */
export function filterFromUrl(url: URL): { filter: FilterSet | null; error: string | null } {
  const text = url.searchParams.get("filter");
  if (!text) return { filter: null, error: null };
  try {
    return { filter: parseFilterSet(text), error: null };
  } catch (error) {
    return { filter: null, error: error instanceof Error ? error.message : "invalid filter" };
  }
}

export async function queueChoices(context: AppLoadContext, user: UserPrincipal) {
  if (user.role !== "admin") return [];
  const page = await listQueues(db(context), user, { limit: 200 });
  return page.items.map((q) => ({ id: q.id, name: q.name }));
}

const addSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add-selected"), queueId: z.string().min(1, "choose a queue"), ids: z.array(z.string().min(1)).min(1, "select at least one row").max(1000) }),
  z.object({ intent: z.literal("add-matching"), queueId: z.string().min(1, "choose a queue"), filter: filterSetSchema.nullable() }),
]);

const SESSIONS_PER_ADD = 500;

/** The action behind <AddToQueue>: rows are trace ids or session ids; "every match" walks the whole filter. */
export async function addToQueueAction(request: Request, context: AppLoadContext, user: UserPrincipal, rows: "traces" | "sessions") {
  return formAction<AddToQueueResult>(async () => {
    const parsed = addSchema.safeParse(await request.json().catch(() => null));
    if (!parsed.success) throw ServiceError.fromZod(parsed.error, "request");
    const body = parsed.data;
    const database = db(context);
    const env = context.cloudflare.env;
    const queue = await getQueue(database, user, body.queueId);
    const done = (r: { requested: number; added: number; total: number }) => ({ ok: true as const, ...r, queueName: queue.name });
    if (rows === "traces") {
      const input = body.intent === "add-selected" ? { traceIds: body.ids } : { filter: body.filter ?? { all: [] } };
      return done(await addItems(database, env, user, queue.id, input));
    }
    const sessionIds = body.intent === "add-selected" ? body.ids : await matchingSessionIds(database, user, body.filter);
    if (sessionIds.length === 0) throw new ServiceError("not_found", "no session matches the applied filters");
    const total = { requested: 0, added: 0, total: 0 };
    for (const part of chunk(sessionIds, SESSIONS_PER_ADD)) {
      const result = await addItems(database, env, user, queue.id, { sessionIds: part });
      total.requested += result.requested;
      total.added += result.added;
      total.total = result.total;
    }
    return done(total);
  });
}
