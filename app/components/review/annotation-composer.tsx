import type { KeyboardEvent, RefObject } from "react";
import type { ComposerDraft } from "./composer-draft";
import { Kbd } from "./kbd";
import { PickOrCreate } from "./pick-or-create";
import { scoreOptions, type ScoreConfigView } from "./score-options";
import { keys } from "./shortcuts";
import { targetLabel } from "./target-label";

interface Props {
  draft: ComposerDraft;
  configs: readonly ScoreConfigView[];
  issues: readonly { id: string; title: string }[];
  busy: boolean;
  error: string | null;
  onChange: (draft: ComposerDraft) => void;
  onSave: () => void;
  onCancel: () => void;
  refs: { comment: RefObject<HTMLTextAreaElement>; issue: RefObject<HTMLInputElement>; number: RefObject<HTMLInputElement>; root: RefObject<HTMLFormElement> };
}

const title: Record<ComposerDraft["mode"], string> = { create: "New annotation", accept: "Accept draft with edits", update: "Edit annotation" };

export function AnnotationComposer({ draft, configs, issues, busy, error, onChange, onSave, onCancel, refs }: Props) {
  const config = configs.find((c) => c.id === draft.scoreConfigId);
  const options = config ? scoreOptions(config) : [];
  // Choosing an issue replaces the search field with the choice; focus goes back to the form, not to nowhere.
  const backToForm = (change: () => void) => {
    change();
    queueMicrotask(() => refs.root.current?.focus());
  };
  // Ctrl/Cmd+Enter saves from any field; Escape closes from anywhere inside (the shortcuts are off while typing).
  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      onSave();
    } else if (event.key === "Escape") {
      event.preventDefault();
      // The first Escape leaves the field (so the keys work again), the next one closes the composer.
      const field = event.target instanceof HTMLElement && ["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName);
      if (field) refs.root.current?.focus();
      else onCancel();
    }
  }
  return (
    <form
      ref={refs.root}
      tabIndex={-1}
      aria-label={title[draft.mode]}
      data-testid="composer"
      className="flex flex-col gap-2 rounded border border-indigo-300 bg-indigo-50/40 p-3 outline-none focus:ring-2 focus:ring-indigo-300"
      onKeyDown={onKeyDown}
      onSubmit={(event) => {
        event.preventDefault();
        onSave();
      }}
    >
      <div className="flex items-baseline justify-between gap-2">
        <h3 className="text-xs font-semibold uppercase text-slate-600">{title[draft.mode]}</h3>
        <span className="truncate text-xs text-slate-600" data-testid="composer-target">{targetLabel(draft.target, draft.quote)}</span>
      </div>
      <label className="flex items-center gap-2 text-xs">
        <span className="text-slate-600">Score <Kbd k={keys.nextScore} /></span>
        <select
          value={draft.scoreConfigId}
          onChange={(event) => onChange({ ...draft, scoreConfigId: event.target.value, value: null })}
          className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-1 py-0.5"
        >
          {configs.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
      </label>
      {config?.description && <p className="text-xs text-slate-500">{config.description}</p>}
      {options.length > 0 ? (
        <fieldset className="flex flex-wrap gap-1.5">
          <legend className="sr-only">{config?.name}</legend>
          {options.map((option) => (
            <button
              key={String(option.value)}
              type="button"
              aria-pressed={draft.value === option.value}
              onClick={() => onChange({ ...draft, value: option.value })}
              className={`rounded border px-2 py-0.5 text-sm ${draft.value === option.value ? "border-indigo-600 bg-indigo-600 text-white" : "border-slate-300 bg-white hover:bg-slate-50"}`}
            >
              {option.label}
              {option.digit !== null && <Kbd k={String(option.digit)} className={draft.value === option.value ? "border-indigo-300 bg-indigo-500 text-white" : ""} />}
            </button>
          ))}
        </fieldset>
      ) : config?.type === "numeric" ? (
        <label className="flex items-center gap-2 text-sm">
          <span>Value <span className="text-xs text-slate-500">({config.minValue ?? "−∞"} to {config.maxValue ?? "∞"}) <Kbd k="1–9" /></span></span>
          <input
            ref={refs.number}
            type="number"
            step="any"
            min={config.minValue ?? undefined}
            max={config.maxValue ?? undefined}
            value={typeof draft.value === "number" ? draft.value : ""}
            onChange={(event) => onChange({ ...draft, value: event.target.value === "" ? null : Number(event.target.value) })}
            className="w-24 rounded border border-slate-300 px-2 py-0.5"
          />
        </label>
      ) : (
        <p className="text-xs text-slate-500">This score has no options.</p>
      )}
      <label className="flex flex-col gap-1 text-sm">
        <span>Comment <Kbd k={keys.comment} /></span>
        <textarea
          ref={refs.comment}
          value={draft.comment}
          onChange={(event) => onChange({ ...draft, comment: event.target.value })}
          rows={3}
          className="rounded border border-slate-300 px-2 py-1.5"
        />
      </label>
      <div className="flex flex-col gap-1 text-sm">
        <span>Issue <Kbd k={keys.issue} /> <span className="text-xs text-slate-500">(optional)</span></span>
        {draft.issue ? (
          <span className="flex items-center gap-2" data-testid="composer-issue">
            <span className="truncate rounded bg-rose-100 px-1.5 text-rose-900">{"id" in draft.issue ? draft.issue.title : `New: ${draft.issue.newTitle}`}</span>
            <button type="button" className="text-xs text-slate-600 underline" onClick={() => backToForm(() => onChange({ ...draft, issue: null }))}>
              Remove
            </button>
          </span>
        ) : (
          <PickOrCreate
            label="Issue"
            inputRef={refs.issue}
            items={issues.map((i) => ({ id: i.id, label: i.title }))}
            placeholder="Find or create an issue…"
            createLabel={(text) => `Create issue “${text}”`}
            onPick={(item) => backToForm(() => onChange({ ...draft, issue: { id: item.id, title: item.label } }))}
            onCreate={(text) => backToForm(() => onChange({ ...draft, issue: { newTitle: text } }))}
            onEscape={() => refs.root.current?.focus()}
          />
        )}
      </div>
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      <div className="flex items-center gap-2">
        <button
          type="submit"
          disabled={busy}
          className="rounded bg-slate-800 px-3 py-1.5 text-sm text-white hover:bg-slate-900 disabled:opacity-50"
        >
          {busy ? "Saving…" : draft.mode === "accept" ? "Accept with edits" : "Save annotation"} <Kbd k={keys.save} className="border-slate-500 bg-slate-700 text-slate-100" />
        </button>
        <button type="button" onClick={onCancel} className="rounded px-2 py-1.5 text-sm text-slate-600 hover:bg-slate-100">
          Cancel <Kbd k="Esc" />
        </button>
      </div>
    </form>
  );
}
