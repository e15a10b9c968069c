import { useFetcher, useSubmit } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { FormFailure } from "~/lib/form";
import type { ReviewActionResult, ReviewIntent } from "~/lib/review.server";
import type { AnnotationTarget } from "../../../worker/annotations/target";
import { newDraft, toIntent, withDigit, withNextScore, type ComposerDraft } from "./composer-draft";
import { passFail, type ScoreConfigView } from "./score-options";
import type { FocusKeeper } from "./use-focus-keeper";

export const postJson = { method: "post", encType: "application/json", navigate: false } as const;

/**
 * The annotation being written. It posts through one fetcher and closes at once, the new annotation showing as
 * pending; if the server refuses it, the composer reopens with everything as it was and the server's reason.
 */
export function useComposer(traceId: string, configs: readonly ScoreConfigView[], focus: FocusKeeper, onOpen: () => void) {
  const submit = useSubmit();
  const key = `composer:${traceId}`;
  const fetcher = useFetcher<ReviewActionResult | FormFailure>({ key });
  const refs = { comment: useRef<HTMLTextAreaElement>(null), issue: useRef<HTMLInputElement>(null), number: useRef<HTMLInputElement>(null), root: useRef<HTMLFormElement>(null) };
  const [draft, setDraft] = useState<ComposerDraft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lastConfigId, setLastConfigId] = useState<string | null>(null);
  const submitted = useRef<ComposerDraft | null>(null);
  const busy = fetcher.state !== "idle";
  const defaultConfig = configs.find((c) => c.id === lastConfigId) ?? configs.find((c) => c.name === "Verdict") ?? configs[0];

  useEffect(() => {
    if (fetcher.state !== "idle" || !submitted.current) return;
    const result = fetcher.data;
    if (result && "error" in result) {
      setDraft(submitted.current);
      setError(result.error);
      focus.later(() => refs.root.current);
    }
    submitted.current = null;
  }, [fetcher.state, fetcher.data]);

  function open(next: ComposerDraft) {
    focus.remember();
    onOpen();
    setError(null);
    setDraft(next);
    focus.later(() => refs.root.current);
  }
  const openAt = (target: AnnotationTarget, quote?: string) => open(newDraft(target, defaultConfig, quote));
  /** The open draft, or a new one on the whole conversation (a digit, c or i with nothing open starts one). */
  function ensure(): ComposerDraft {
    if (draft) return draft;
    const fresh = newDraft({ level: "conversation" }, defaultConfig);
    open(fresh);
    return fresh;
  }

  function save() {
    if (!draft || busy) return;
    const intent = toIntent(draft);
    if (!intent) return setError("Choose a value first (1–9, or the buttons).");
    submitted.current = draft;
    setLastConfigId(draft.scoreConfigId);
    submit(intent, { ...postJson, fetcherKey: key });
    setDraft(null);
    setError(null);
    focus.restore();
  }

  function cancel() {
    setDraft(null);
    setError(null);
    focus.restore();
  }

  function chooseDigit(digit: number) {
    const current = ensure();
    const config = configs.find((c) => c.id === current.scoreConfigId);
    const chosen = withDigit(current, config, digit);
    if (chosen) return setDraft(chosen);
    // A wide numeric range has no buttons: the digit starts the number instead.
    if (config?.type === "numeric") {
      setDraft({ ...current, value: digit });
      focus.later(() => refs.number.current);
    }
  }

  function focusField(field: "comment" | "issue") {
    ensure();
    focus.later(() => refs[field].current);
  }

  /** The annotation on its way to the server, shown at once. */
  const pending = busy ? (fetcher.json as ReviewIntent | undefined) : undefined;
  const optimistic = pending?.intent === "annotate" ? [{ label: labelOf(configs, pending.scoreConfigId, pending.value), comment: pending.comment ?? "" }] : [];

  return {
    draft,
    error,
    busy,
    refs,
    optimistic,
    open,
    openAt,
    save,
    cancel,
    chooseDigit,
    focusField,
    setDraft,
    nextScore: () => draft && setDraft(withNextScore(draft, configs)),
  };
}

function labelOf(configs: readonly ScoreConfigView[], scoreConfigId: string, value: unknown): string {
  const config = configs.find((c) => c.id === scoreConfigId);
  const shown = typeof value === "boolean" ? (config?.booleanLabels ?? passFail)[value ? 0 : 1] : String(value);
  return `${config?.name ?? "Score"}: ${shown}`;
}
