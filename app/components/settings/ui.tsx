import type { ReactNode } from "react";

// Small building blocks the settings pages share, so the five sections look and read alike.

export const fieldClass = "rounded border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500";
export const primaryButton = "rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60";

export function Panel({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <section className="mb-4 rounded-lg border border-slate-200 bg-white p-4" aria-label={title}>
      <h2 className="text-base font-semibold">{title}</h2>
      {description && <p className="mb-3 text-sm text-slate-600">{description}</p>}
      {children}
    </section>
  );
}

/** A labelled input with its error beside it (tied by aria-describedby). */
export function Field({ label, name, error, hint, children }: { label: string; name: string; error?: string; hint?: string; children: (props: { id: string; "aria-describedby"?: string; "aria-invalid"?: true }) => ReactNode }) {
  const id = `field-${name}`;
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="flex flex-col gap-1 text-sm">
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-describedby": described, ...(error ? { "aria-invalid": true as const } : {}) })}
      {hint && <span id={`${id}-hint`} className="text-xs text-slate-500">{hint}</span>}
      {error && <span id={`${id}-error`} className="text-xs text-red-700">{error}</span>}
    </div>
  );
}

export function FormMessage({ error, success }: { error?: string; success?: string }) {
  if (error) return <p role="alert" className="text-sm text-red-700">{error}</p>;
  if (success) return <p role="status" className="text-sm text-emerald-700">{success}</p>;
  return null;
}
