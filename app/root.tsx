import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/cloudflare";
import { Form, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteError, isRouteErrorResponse } from "@remix-run/react";
import type { ReactNode } from "react";
import { currentUser } from "./lib/session.server";
import { useNonce } from "./lib/nonce";
import stylesheet from "./tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await currentUser(request, context);
  return { user: user ? { name: user.name, role: user.role } : null };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <div className="flex min-h-screen flex-col">
      {user && (
        <header className="flex items-center gap-6 border-b border-slate-200 bg-white px-4 py-2 text-sm">
          <span className="font-semibold">Annotation Queues</span>
          <nav className="flex gap-4">
            <NavLink to="/queues" className={({ isActive }) => (isActive ? "font-medium text-indigo-700" : "text-slate-600")}>Queues</NavLink>
            <NavLink to="/traces" className={({ isActive }) => (isActive ? "font-medium text-indigo-700" : "text-slate-600")}>Traces</NavLink>
          </nav>
          <div className="ml-auto flex items-center gap-3 text-slate-600">
            <span>{user.name} · {user.role}</span>
            <Form method="post" action="/logout">
              <button type="submit" className="text-slate-500 underline hover:text-slate-800">Log out</button>
            </Form>
          </div>
        </header>
      )}
      <main className="flex-1">
        <Outlet />
      </main>
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${typeof error.data === "string" ? error.data : error.statusText}` : "Something went wrong.";
  return (
    <div className="mx-auto max-w-xl p-8">
      <h1 className="text-lg font-semibold">{message}</h1>
      <a href="/queues" className="text-indigo-700 underline">Back to queues</a>
    </div>
  );
}
