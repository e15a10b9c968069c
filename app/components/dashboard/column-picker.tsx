import * as Popover from "@radix-ui/react-popover";
import { useNavigate, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";

export interface ColumnOption {
  key: string;
  label: string;
}

/** Which columns a dashboard shows, kept in the URL (`?cols=`) so a reload or a shared link looks the same. */
export function useColumns(options: readonly ColumnOption[], defaults: readonly string[]) {
  const [params] = useSearchParams();
  const known = new Set(options.map((o) => o.key));
  const chosen = params.get("cols")?.split(",").filter((key) => known.has(key));
  return new Set(chosen && chosen.length > 0 ? chosen : defaults);
}

export function ColumnPicker({ options, visible }: { options: readonly ColumnOption[]; visible: Set<string> }) {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  // The boxes answer at once; the URL (and so the table) follows a moment later.
  const [checked, setChecked] = useState(visible);
  const shown = [...visible].join(",");
  useEffect(() => setChecked(new Set(shown.split(","))), [shown]);
  const toggle = (key: string, on: boolean) => {
    const next = options.map((o) => o.key).filter((k) => (k === key ? on : checked.has(k)));
    if (next.length === 0) return;
    setChecked(new Set(next));
    const search = new URLSearchParams(params);
    search.set("cols", next.join(","));
    navigate(`?${search}`, { replace: true, preventScrollReset: true });
  };
  return (
    <Popover.Root>
      <Popover.Trigger className="rounded border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-50">Columns</Popover.Trigger>
      <Popover.Portal>
        <Popover.Content align="end" sideOffset={4} className="z-10 flex w-48 flex-col gap-1 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-lg">
          <span className="mb-1 text-xs font-semibold uppercase text-slate-500">Show columns</span>
          {options.map((o) => (
            <label key={o.key} className="flex items-center gap-2">
              <input type="checkbox" checked={checked.has(o.key)} onChange={(e) => toggle(o.key, e.target.checked)} />
              {o.label}
            </label>
          ))}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
