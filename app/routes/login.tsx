import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { authenticate } from "../../worker/auth/accounts";
import { createSession, sessionCookie } from "../../worker/auth/sessions";
import { currentUser, db } from "~/lib/session.server";

export const meta: MetaFunction = () => [{ title: "Log in · Annotation Queues" }];

/** Only same-site paths: an attacker's `next=https://…` must not turn login into an open redirect. */
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/queues";
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await currentUser(request, context)) throw redirect(safeNext(new URL(request.url).searchParams.get("next")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const email = String(form.get("email") ?? "");
  const password = String(form.get("password") ?? "");
  const account = email && password ? await authenticate(db(context), email, password) : null;
  if (!account) return { error: "Email or password is incorrect.", email };
  const token = await createSession(db(context), account.userId, account.projectId);
  return redirect(safeNext(String(form.get("next") ?? "")), { headers: { "Set-Cookie": sessionCookie(request, token) } });
}

export default function Login() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const submitting = useNavigation().state === "submitting";
  return (
    <div className="mx-auto mt-24 max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-4 text-lg font-semibold">Log in to Annotation Queues</h1>
      <Form method="post" className="flex flex-col gap-3">
        <input type="hidden" name="next" value={params.get("next") ?? ""} />
        <label className="flex flex-col gap-1 text-sm">
          Email
          <input name="email" type="email" required autoFocus autoComplete="username" defaultValue={result?.email}
            className="rounded border border-slate-300 px-2 py-1.5" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Password
          <input name="password" type="password" required autoComplete="current-password"
            className="rounded border border-slate-300 px-2 py-1.5" />
        </label>
        {result?.error && <p role="alert" className="text-sm text-red-700">{result.error}</p>}
        <button type="submit" disabled={submitting} className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
          {submitting ? "Logging in…" : "Log in"}
        </button>
      </Form>
    </div>
  );
}
