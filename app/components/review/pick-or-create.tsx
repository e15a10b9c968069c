import { useId, useState, type KeyboardEvent, type Ref } from "react";

// A combobox over a short list that can also create what it does not find: issues in the composer, datasets in
// the review bar. Typing filters; arrows move; Enter picks the highlighted entry, or creates the typed name.

export interface PickItem {
  id: string;
  label: string;
  /** Shown after the label, e.g. "✓ added" or a count. */
  note?: string;
}

interface Props {
  label: string;
  items: readonly PickItem[];
  placeholder: string;
  createLabel: (text: string) => string;
  onPick: (item: PickItem) => void;
  onCreate: (text: string) => void;
  inputRef?: Ref<HTMLInputElement>;
  autoFocus?: boolean;
  onEscape?: () => void;
  /** Keep the list open without focus (in a popover), rather than only while the input has focus. */
  alwaysOpen?: boolean;
}

type Choice = { kind: "item"; item: PickItem } | { kind: "create"; text: string };

export function PickOrCreate(props: Props) {
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const query = text.trim().toLowerCase();
  const matches = props.items.filter((item) => item.label.toLowerCase().includes(query)).slice(0, 8);
  const exact = props.items.some((item) => item.label.toLowerCase() === query);
  const choices: Choice[] = [...matches.map((item) => ({ kind: "item" as const, item })), ...(query && !exact ? [{ kind: "create" as const, text: text.trim() }] : [])];
  const shown = props.alwaysOpen || open;
  const current = Math.min(active, Math.max(choices.length - 1, 0));

  function choose(choice: Choice | undefined) {
    if (!choice) return;
    if (choice.kind === "item") props.onPick(choice.item);
    else props.onCreate(choice.text);
    setText("");
    setActive(0);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setOpen(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current + step + choices.length) % Math.max(choices.length, 1));
    } else if (event.key === "Enter") {
      event.preventDefault();
      choose(choices[current]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      props.onEscape?.();
    }
  }

  return (
    <div className="relative">
      <input
        ref={props.inputRef}
        role="combobox"
        aria-label={props.label}
        aria-expanded={shown && choices.length > 0}
        aria-controls={listId}
        aria-activedescendant={shown && choices.length > 0 ? `${listId}-${current}` : undefined}
        autoComplete="off"
        autoFocus={props.autoFocus}
        value={text}
        placeholder={props.placeholder}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
        className="w-full rounded border border-slate-300 px-2 py-1 text-sm"
      />
      {shown && choices.length > 0 && (
        <ul id={listId} role="listbox" aria-label={props.label} className={`${props.alwaysOpen ? "mt-1" : "absolute z-10 mt-1 shadow-lg"} max-h-56 w-full overflow-y-auto rounded border border-slate-200 bg-white text-sm`}>
          {choices.map((choice, i) => (
            <li
              key={choice.kind === "item" ? choice.item.id : "create"}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === current}
              // mousedown, not click: the input's blur would close the list before a click lands.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(choice);
              }}
              className={`flex cursor-pointer justify-between gap-2 px-2 py-1 ${i === current ? "bg-indigo-50 text-indigo-900" : ""}`}
            >
              {choice.kind === "item" ? (
                <>
                  <span className="truncate">{choice.item.label}</span>
                  {choice.item.note && <span className="shrink-0 text-xs text-slate-500">{choice.item.note}</span>}
                </>
              ) : (
                <span className="font-medium">{props.createLabel(choice.text)}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
