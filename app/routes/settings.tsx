import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { NavLink, Outlet } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";

export const meta: MetaFunction = () => [{ title: "Settings · Annotation Queues" }];

const sections = [
  { to: "members", label: "Members" },
  { to: "api-keys", label: "API keys" },
  { to: "score-configs", label: "Score configs" },
  { to: "classifiers", label: "Classifiers" },
  { to: "model-prices", label: "Model prices" },
];

/** Settings are for admins; each section's services check it again. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  if (user.role !== "admin") throw data("Only admins can open the settings.", { status: 403 });
  return null;
}

export default function Settings() {
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-4 p-4 md:flex-row lg:p-6">
      <nav aria-label="Settings" className="md:w-44 md:shrink-0">
        <h1 className="mb-2 text-xl font-semibold">Settings</h1>
        <ul className="flex flex-wrap gap-1 text-sm md:flex-col">
          {sections.map((s) => (
            <li key={s.to}>
              <NavLink to={s.to} className={({ isActive }) => `block rounded px-2 py-1 ${isActive ? "bg-indigo-50 font-medium text-indigo-800" : "text-slate-700 hover:bg-slate-100"}`}>
                {s.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="min-w-0 flex-1"><Outlet /></div>
    </div>
  );
}
