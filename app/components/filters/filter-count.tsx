import { useEffect, useState } from "react";
import type { FilterSet } from "../../../worker/filters/schema";
import type { FilterCountResult } from "~/routes/resources.filter-count";

const DEBOUNCE_MS = 350;

type State = { status: "idle" | "loading" } | { status: "done"; result: FilterCountResult } | { status: "failed" };

/**
 * The live count beside a filter builder: how many recent traces the filter matches, fetched a moment after the
 * admin stops typing. With `samplingPercent`, also roughly how many of them a live queue would take.
 *
 * A plain fetch rather than a Remix fetcher: Remix revalidates every fetcher after each action, and revalidating
 * one that loaded a resource route fails the whole page (a 404 from single fetch), so the count stays out of it.
 */
export function FilterCount({ filter, valid, samplingPercent }: { filter: FilterSet | null; valid: boolean; samplingPercent?: number }) {
  const [state, setState] = useState<State>({ status: "idle" });
  const query = valid ? JSON.stringify(filter) : null;
  useEffect(() => {
    if (query === null) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState({ status: "loading" });
      fetch(`/resources/filter-count?${new URLSearchParams({ filter: query })}`, { signal: controller.signal, headers: { Accept: "application/json" } })
        .then((res) => res.json() as Promise<FilterCountResult>)
        .then((result) => setState({ status: "done", result }))
        .catch(() => controller.signal.aborted || setState({ status: "failed" }));
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  let text = "Counting matching traces…";
  if (!valid) text = "Fix the highlighted filters to see how many traces match.";
  else if (state.status === "failed") text = "Could not count matching traces just now.";
  else if (state.status === "done" && !state.result.ok) text = state.result.issues[0]?.message ?? "This filter cannot be counted.";
  else if (state.status === "done" && state.result.ok) {
    const { matched, total, windowDays } = state.result;
    text = `${matched.toLocaleString()} of ${total.toLocaleString()} traces from the last ${windowDays} days match`;
    if (samplingPercent !== undefined) text += ` · about ${Math.round((matched * samplingPercent) / 100).toLocaleString()} at ${samplingPercent}% sampling`;
  }
  return (
    <p role="status" aria-live="polite" data-testid="filter-count" aria-busy={state.status === "loading"}
      className={`text-xs ${valid ? "text-slate-600" : "text-amber-700"}`}>
      {text}
    </p>
  );
}
