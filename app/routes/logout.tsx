import { redirect, type ActionFunctionArgs } from "@remix-run/cloudflare";
import { deleteSession, readSessionToken, sessionCookie } from "../../worker/auth/sessions";
import { db } from "~/lib/session.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const token = readSessionToken(request);
  if (token) await deleteSession(db(context), token);
  return redirect("/login", { headers: { "Set-Cookie": sessionCookie(request, null) } });
}

export const loader = () => redirect("/queues");
