import { useMemo, useState } from "react";
import type { FieldInfo } from "../../../worker/filters/fields";
import type { FilterSet } from "../../../worker/filters/schema";
import { fromFilterSet, toFilterSet, type DraftGroup, type DraftNode } from "./draft";

/**
 * A filter being edited and its validation. Issues on a row show once something is typed into it (a half-typed
 * number is flagged at once) and on every row after `reveal()`, which forms call when the admin tries to submit.
 */
export function useFilterDraft(fields: readonly FieldInfo[], initial: FilterSet | null | undefined) {
  const [draft, setDraft] = useState<DraftGroup>(() => fromFilterSet(initial));
  const [revealed, setRevealed] = useState(false);
  const result = useMemo(() => toFilterSet(draft, fields), [draft, fields]);
  const visibleIssues = useMemo(() => {
    if (revealed) return result.issues;
    const typed = new Set<string>();
    collectTyped(draft, typed);
    return Object.fromEntries(Object.entries(result.issues).filter(([id]) => typed.has(id)));
  }, [draft, result, revealed]);
  return {
    draft,
    setDraft,
    result,
    visibleIssues,
    reveal: () => setRevealed(true),
    reset: (filter: FilterSet | null | undefined) => {
      setDraft(fromFilterSet(filter));
      setRevealed(false);
    },
  };
}

function collectTyped(node: DraftNode, typed: Set<string>): void {
  if (node.kind === "group") {
    node.children.forEach((child) => collectTyped(child, typed));
    return;
  }
  if (node.value.trim() || node.upper.trim() || node.name.trim() || node.list.length > 0) typed.add(node.id);
}
