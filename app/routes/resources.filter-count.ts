import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { filterSetSchema } from "../../worker/filters/schema";
import { countRecentMatches, type FilterCount } from "../../worker/traces/count";
import { db, requireUser } from "~/lib/session.server";

export type FilterCountResult = ({ ok: true } & FilterCount) | { ok: false; issues: { path: string; message: string }[] };

// A resource route (not under /api, which belongs to the Hono API): the filter builder's debounced live count.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const text = new URL(request.url).searchParams.get("filter");
  let raw: unknown = null;
  try {
    raw = text ? JSON.parse(text) : null;
  } catch {
    return answer({ ok: false, issues: [{ path: "", message: "the filter is not valid JSON" }] }, 400);
  }
  const parsed = filterSetSchema.nullable().safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    return answer({ ok: false, issues }, 400);
  }
  const count = await countRecentMatches(db(context), user, parsed.data);
  return answer({ ok: true, ...count }, 200);
}

// A plain JSON Response: the fetcher reads resource routes' JSON as is, and a status sticks (data() would not
// outside single fetch).
function answer(body: FilterCountResult, status: number): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}
