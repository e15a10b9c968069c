import { useState } from "react";

export interface MemberOption {
  id: string;
  name: string;
  email?: string;
  role: string;
}

/** Assignees: a checkbox per member, with a search box once the list is long. */
export function MembersPicker({ members, selected, onChange, error }: {
  members: MemberOption[];
  selected: string[];
  onChange: (ids: string[]) => void;
  error?: string;
}) {
  const [query, setQuery] = useState("");
  const needle = query.trim().toLowerCase();
  const shown = needle ? members.filter((m) => `${m.name} ${m.email ?? ""}`.toLowerCase().includes(needle)) : members;
  const toggle = (id: string, on: boolean) => onChange(on ? [...selected, id] : selected.filter((s) => s !== id));
  return (
    <fieldset className="flex flex-col gap-1 text-sm" aria-describedby={error ? "assignees-error" : undefined}>
      <legend className="mb-1">Assignees <span className="text-xs text-slate-500">(none: anyone in the project may review)</span></legend>
      {members.length > 8 && (
        <input type="search" aria-label="Search members" placeholder="Search members" value={query} onChange={(e) => setQuery(e.target.value)}
          className="mb-1 rounded border border-slate-300 px-2 py-1" />
      )}
      <div className="flex max-h-32 flex-col gap-1 overflow-y-auto">
        {shown.map((m) => (
          <label key={m.id} className="flex items-center gap-2">
            <input type="checkbox" checked={selected.includes(m.id)} onChange={(e) => toggle(m.id, e.target.checked)} />
            {m.name} <span className="text-slate-500">({m.role})</span>
          </label>
        ))}
        {shown.length === 0 && <span className="text-xs text-slate-500">No member matches.</span>}
      </div>
      {error && <span id="assignees-error" className="text-xs text-red-700">{error}</span>}
    </fieldset>
  );
}
