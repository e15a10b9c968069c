import type { AnnotationTarget } from "../../../worker/annotations/target";
import type { ReviewIntent } from "~/lib/review.server";
import { scoreOptions, type ScoreConfigView, type ScoreInput } from "./score-options";

// The annotation being written: a new one, a draft being accepted with edits, or a correction to one's own.

export type IssueChoice = { id: string; title: string } | { newTitle: string } | null;

export interface ComposerDraft {
  mode: "create" | "accept" | "update";
  annotationId?: string;
  target: AnnotationTarget;
  /** The selected text of a range target, shown so the reviewer sees what they are annotating. */
  quote?: string;
  scoreConfigId: string;
  value: ScoreInput | null;
  comment: string;
  issue: IssueChoice;
}

export function newDraft(target: AnnotationTarget, config: ScoreConfigView | undefined, quote?: string): ComposerDraft {
  return { mode: "create", target, quote, scoreConfigId: config?.id ?? "", value: null, comment: "", issue: null };
}

/** The option behind a digit key, if the current score has one. */
export function withDigit(draft: ComposerDraft, config: ScoreConfigView | undefined, digit: number): ComposerDraft | null {
  const option = config ? scoreOptions(config).find((o) => o.digit === digit) : undefined;
  return option ? { ...draft, value: option.value } : null;
}

/** The next score config; the value is cleared because a value only fits the config it was chosen for. */
export function withNextScore(draft: ComposerDraft, configs: readonly ScoreConfigView[]): ComposerDraft {
  if (configs.length < 2) return draft;
  const at = configs.findIndex((c) => c.id === draft.scoreConfigId);
  const next = configs[(at + 1) % configs.length];
  return next ? { ...draft, scoreConfigId: next.id, value: null } : draft;
}

function issueFields(issue: IssueChoice, unlinkWhenEmpty: boolean) {
  if (!issue) return unlinkWhenEmpty ? { issueId: null } : {};
  return "id" in issue ? { issueId: issue.id } : { newIssue: { title: issue.newTitle } };
}

/** What the screen posts for this draft; null while it has no value yet. */
export function toIntent(draft: ComposerDraft): ReviewIntent | null {
  if (draft.value === null || !draft.scoreConfigId) return null;
  if (draft.mode === "create") {
    return { intent: "annotate", scoreConfigId: draft.scoreConfigId, value: draft.value, comment: draft.comment, target: draft.target, ...issueFields(draft.issue, false) };
  }
  const edit = { scoreConfigId: draft.scoreConfigId, value: draft.value, comment: draft.comment, ...issueFields(draft.issue, true) };
  return draft.mode === "accept" ? { intent: "accept", annotationId: draft.annotationId ?? "", edit } : { intent: "update", annotationId: draft.annotationId ?? "", edit };
}
