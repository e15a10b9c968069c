import { useFetcher } from "@remix-run/react";
import { useEffect } from "react";
import type { FilterSet } from "../../../worker/filters/schema";
import type { FilterCountResult } from "~/routes/resources.filter-count";

const DEBOUNCE_MS = 350;

/**
 * The live count beside a filter builder: how many recent traces the filter matches, fetched a moment after the
 * admin stops typing. With `samplingPercent`, also roughly how many of them a live queue would take.
 */
export function FilterCount({ filter, valid, samplingPercent }: { filter: FilterSet | null; valid: boolean; samplingPercent?: number }) {
  const fetcher = useFetcher<FilterCountResult>();
  const query = valid ? JSON.stringify(filter) : null;
  const { load } = fetcher;
  useEffect(() => {
    if (query === null) return;
    const timer = setTimeout(() => load(`/resources/filter-count?${new URLSearchParams({ filter: query })}`), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, load]);

  const result = fetcher.data;
  let text = "Counting matching traces…";
  if (!valid) text = "Fix the highlighted filters to see how many traces match.";
  else if (result && !result.ok) text = result.issues[0]?.message ?? "This filter cannot be counted.";
  else if (result?.ok) {
    text = `${result.matched.toLocaleString()} of ${result.total.toLocaleString()} traces from the last ${result.windowDays} days match`;
    if (samplingPercent !== undefined) text += ` · about ${Math.round((result.matched * samplingPercent) / 100).toLocaleString()} at ${samplingPercent}% sampling`;
  }
  return (
    <p role="status" aria-live="polite" data-testid="filter-count" aria-busy={fetcher.state !== "idle"}
      className={`text-xs ${valid ? "text-slate-600" : "text-amber-700"}`}>
      {text}
    </p>
  );
}
