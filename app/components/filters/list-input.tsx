import { useState, type KeyboardEvent } from "react";
import { inputClass } from "./labels";

/**
 * Entries of a list operator as removable chips. Enter, a comma or leaving the box adds what was typed; entries
 * from a saved filter are shown exactly, commas and spaces included.
 */
export function ListInput({ label, values, describedBy, onChange }: { label: string; values: string[]; describedBy?: string; onChange: (values: string[]) => void }) {
  const [text, setText] = useState("");
  const commit = () => {
    const entries = text.split(",").map((e) => e.trim()).filter((e) => e.length > 0);
    if (entries.length > 0) onChange([...values, ...entries]);
    setText("");
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter" || event.key === ",") {
      event.preventDefault();
      commit();
    } else if (event.key === "Backspace" && text === "" && values.length > 0) {
      onChange(values.slice(0, -1));
    }
  };
  return (
    <span className="flex flex-wrap items-center gap-1 rounded border border-slate-300 bg-white px-1 py-0.5">
      {values.map((value, i) => (
        <span key={`${i}-${value}`} className="flex items-center gap-0.5 rounded bg-slate-100 px-1.5 text-xs" data-testid="list-entry">
          {value === "" ? <em>empty</em> : value}
          <button type="button" aria-label={`Remove ${value}`} onClick={() => onChange(values.filter((_, j) => j !== i))} className="text-slate-500 hover:text-red-700">×</button>
        </span>
      ))}
      <input aria-label={label} aria-describedby={describedBy} placeholder={values.length === 0 ? "type, then Enter" : ""} value={text}
        onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} onBlur={commit} className={`${inputClass} w-28 border-none px-1 py-0.5 focus:ring-0`} />
    </span>
  );
}
