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

const sections = [
  { to: "/queues", label: "Queues" },
  { to: "/traces", label: "Traces" },
  { to: "/sessions", label: "Sessions" },
  { to: "/evaluations", label: "Evaluations" },
  { to: "/issues", label: "Issues" },
  { to: "/datasets", label: "Datasets" },
];

const navLink = ({ isActive }: { isActive: boolean }) =>
  `whitespace-nowrap rounded px-2 py-1 ${isActive ? "bg-indigo-50 font-medium text-indigo-800" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900"}`;

export default function App() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow">
        Skip to content
      </a>
      {user && (
        <header className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-200 bg-white px-4 py-2 text-sm">
          <span className="font-semibold text-slate-900">Annotation Queues</span>
          <nav aria-label="Main" className="-mx-1 flex min-w-0 flex-1 overflow-x-auto">
            <ul className="flex gap-1">
              {sections.map((s) => <li key={s.to}><NavLink to={s.to} className={navLink}>{s.label}</NavLink></li>)}
              {user.role === "admin" && <li><NavLink to="/settings" className={navLink}>Settings</NavLink></li>}
            </ul>
          </nav>
          <div className="flex items-center gap-3 text-slate-700">
            <span>{user.name} · {user.role}</span>
            <Form method="post" action="/logout">
              <button type="submit" className="text-slate-700 underline hover:text-slate-900">Log out</button>
            </Form>
          </div>
        </header>
      )}
      <main id="main" className="flex-1 focus:outline-none" tabIndex={-1}>
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
