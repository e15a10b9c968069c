import { useNavigate, useSearchParams } from "@remix-run/react";
import type { FormEvent } from "react";
import { filterFields } from "../../../worker/filters/fields";
import type { FilterSet } from "../../../worker/filters/schema";
import { FilterBuilder, type FilterSuggestions } from "~/components/filters/filter-builder";
import { FilterCount } from "~/components/filters/filter-count";
import { countConditions, fromFilterSet } from "~/components/filters/draft";
import { useFilterDraft } from "~/components/filters/use-filter-draft";

/**
 * The dashboards' filter: edited here, applied into the URL (`?filter=`), so paging, reloads and shared links keep
 * it and the loader validates it with the same schema.
 */
export function FilterPanel({ applied, suggestions, error }: { applied: FilterSet | null; suggestions: FilterSuggestions; error?: string | null }) {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const filter = useFilterDraft(filterFields, applied);
  const apply = (next: FilterSet | null) => {
    const search = new URLSearchParams(params);
    search.delete("cursor");
    if (next) search.set("filter", JSON.stringify(next));
    else search.delete("filter");
    navigate(`?${search}`);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!filter.result.valid) return filter.reveal();
    apply(filter.result.filter);
  };
  const appliedCount = countConditions(fromFilterSet(applied));
  return (
    <details className="mb-3 rounded-lg border border-slate-200 bg-white p-3" open={Boolean(applied) || undefined}>
      <summary className="cursor-pointer text-sm font-medium">
        Filters{appliedCount > 0 ? ` (${appliedCount} applied)` : ""}
      </summary>
      <form onSubmit={submit} className="mt-3 flex flex-col gap-3" noValidate>
        <FilterBuilder fields={filterFields} value={filter.draft} onChange={filter.setDraft} issues={filter.visibleIssues} suggestions={suggestions} />
        <FilterCount filter={filter.result.filter} valid={filter.result.valid} />
        {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
        <div className="flex gap-2">
          <button type="submit" className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">Apply filters</button>
          {applied && (
            <button type="button" onClick={() => { filter.reset(null); apply(null); }} className="rounded px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-100">
              Clear
            </button>
          )}
        </div>
      </form>
    </details>
  );
}
