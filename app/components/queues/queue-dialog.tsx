import * as Dialog from "@radix-ui/react-dialog";
import { useFetcher } from "@remix-run/react";
import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { filterFields } from "../../../worker/filters/fields";
import { FilterBuilder, type FilterSuggestions } from "~/components/filters/filter-builder";
import { FilterCount } from "~/components/filters/filter-count";
import { issuesForPaths } from "~/components/filters/draft";
import { useFilterDraft } from "~/components/filters/use-filter-draft";
import { SafeMarkdown } from "~/components/safe-markdown";
import type { FormFailure } from "~/lib/form";
import { MembersPicker, type MemberOption } from "./members-picker";
import { createPayload, editPatch, emptyQueueValues, type EditableQueue, type QueueFormValues } from "./queue-form";
import { SamplingSlider } from "./sampling-slider";

const input = "rounded border border-slate-300 px-2 py-1.5 text-sm read-only:bg-slate-100 read-only:text-slate-600";

interface Props {
  members: MemberOption[];
  suggestions: FilterSuggestions;
  /** Absent: the create dialog. */
  queue?: EditableQueue;
  trigger: ReactNode;
}

/** Create or edit a queue. The form lives in the dialog's state, so a rejected submit keeps everything typed. */
export function QueueDialog({ members, suggestions, queue, trigger }: Props) {
  const [open, setOpen] = useState(false);
  // A fresh form per opening: it starts from the queue as saved now, and a cancelled edit leaves nothing behind.
  const [opening, setOpening] = useState(0);
  return (
    <Dialog.Root open={open} onOpenChange={(next) => { setOpen(next); if (next) setOpening((n) => n + 1); }}>
      <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <Dialog.Content className="fixed left-1/2 top-8 max-h-[calc(100vh-4rem)] w-[44rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 overflow-y-auto rounded-lg bg-white p-5 shadow-xl">
          <Dialog.Title className="mb-1 text-base font-semibold">{queue ? `Edit ${queue.name}` : "Create annotation queue"}</Dialog.Title>
          <Dialog.Description className="mb-3 text-sm text-slate-600">
            {queue?.systemKey
              ? "A system queue: its classifier decides the name, description, instructions and filter. Staffing and sampling are yours."
              : "A manual queue fills from the trace and session dashboards; a live one fills itself as traces complete."}
          </Dialog.Description>
          <QueueForm key={opening} members={members} suggestions={suggestions} queue={queue} onDone={() => setOpen(false)} />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

type ActionResult = FormFailure | { ok: true };

function QueueForm({ members, suggestions, queue, onDone }: Omit<Props, "trigger"> & { onDone: () => void }) {
  const fetcher = useFetcher<ActionResult>();
  const [values, setValues] = useState<QueueFormValues>(queue ?? emptyQueueValues);
  const [preview, setPreview] = useState(false);
  const filter = useFilterDraft(filterFields, queue?.filter ?? null);
  const fixed = Boolean(queue?.systemKey);
  const failure = fetcher.data && "error" in fetcher.data ? fetcher.data : undefined;
  const set = <K extends keyof QueueFormValues>(key: K, value: QueueFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data && "ok" in fetcher.data) onDone();
  }, [fetcher.state, fetcher.data, onDone]);

  const serverFilterIssues = failure ? issuesForPaths(filter.draft, filterFields, failure.fields, "filter") : {};
  const filterIssues = { ...serverFilterIssues, ...filter.visibleIssues };
  const error = (name: string) =>
    failure?.fields[name] ? <span id={`${name}-error`} className="text-xs text-red-700">{failure.fields[name]}</span> : null;
  const describedBy = (name: string) => (failure?.fields[name] ? `${name}-error` : undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (values.isLive && !filter.result.valid) {
      filter.reveal();
      return;
    }
    const current = { ...values, filter: filter.result.filter };
    const options = { method: "post", action: "/queues?index", encType: "application/json" } as const;
    const patch = queue ? editPatch(queue, current) : null;
    // Nothing changed: there is nothing to save, so the dialog just closes.
    if (queue && patch && Object.keys(patch).length === 0) return onDone();
    if (queue && patch) fetcher.submit({ intent: "update", queueId: queue.id, patch }, options);
    else fetcher.submit({ intent: "create", queue: createPayload(current) }, options);
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-3" noValidate>
      {/* Errors sit beside each field but outside its label, so the field's name stays just "Name". */}
      <div className="flex flex-col gap-1 text-sm">
        <label className="flex flex-col gap-1">
          Name
          <input name="name" required readOnly={fixed} className={input} placeholder="Customer support review" value={values.name}
            onChange={(e) => set("name", e.target.value)} aria-invalid={failure?.fields.name ? true : undefined} aria-describedby={describedBy("name")} />
        </label>
        {error("name")}
      </div>
      <div className="flex flex-col gap-1 text-sm">
        <label className="flex flex-col gap-1">
          Description
          <input name="description" readOnly={fixed} className={input} placeholder="A short summary shown in the queue list" value={values.description}
            onChange={(e) => set("description", e.target.value)} aria-describedby={describedBy("description")} />
        </label>
        {error("description")}
      </div>
      <div className="flex flex-col gap-1 text-sm">
        <div className="flex items-center gap-2">
          <label htmlFor="queue-instructions">Instructions</label>
          <span className="text-xs text-slate-500">Markdown</span>
          <button type="button" onClick={() => setPreview((p) => !p)} aria-pressed={preview}
            className="ml-auto rounded px-2 text-xs text-indigo-700 hover:bg-indigo-50">
            {preview ? "Write" : "Preview"}
          </button>
        </div>
        {preview ? (
          <div className="min-h-24 rounded border border-slate-200 bg-slate-50 p-2" data-testid="instructions-preview">
            <SafeMarkdown>{values.instructions || "_Nothing yet._"}</SafeMarkdown>
          </div>
        ) : (
          <textarea id="queue-instructions" name="instructions" rows={4} readOnly={fixed} className={input} value={values.instructions}
            placeholder="What reviewers should look for" onChange={(e) => set("instructions", e.target.value)} aria-describedby={describedBy("instructions")} />
        )}
        {error("instructions")}
      </div>
      <MembersPicker members={members} selected={values.assigneeIds} onChange={(ids) => set("assigneeIds", ids)} error={failure?.fields.assigneeIds} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" role="switch" checked={values.isLive} onChange={(e) => set("isLive", e.target.checked)} aria-checked={values.isLive} />
        Make this queue live
      </label>
      {values.isLive && (
        <div className="flex flex-col gap-3 rounded border border-slate-200 p-3">
          <SamplingSlider value={values.samplingPercent} onChange={(p) => set("samplingPercent", p)} error={failure?.fields.samplingPercent} />
          <div className="flex flex-col gap-1">
            <span className="text-sm">Filters{fixed && <span className="ml-2 text-xs text-slate-500">(set by the classifier)</span>}</span>
            {fixed ? (
              <pre className="overflow-x-auto rounded bg-slate-100 p-2 text-xs" data-testid="fixed-filter">{JSON.stringify(queue?.filter, null, 1)}</pre>
            ) : (
              <FilterBuilder fields={filterFields} value={filter.draft} onChange={filter.setDraft} issues={filterIssues} suggestions={suggestions} />
            )}
            <FilterCount filter={fixed ? (queue?.filter ?? null) : filter.result.filter} valid={fixed || filter.result.valid} samplingPercent={values.samplingPercent} />
          </div>
        </div>
      )}
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-600">More settings</summary>
        <div className="mt-2 flex flex-col gap-2">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={values.showMachineScores} onChange={(e) => set("showMachineScores", e.target.checked)} />
            Show machine scores to reviewers <span className="text-xs text-slate-500">(off keeps their verdicts independent)</span>
          </label>
          <label className="flex items-center gap-2">
            Reviewers per item
            <input type="number" min={1} max={10} value={values.reviewersPerItem} className={`${input} w-16`}
              onChange={(e) => set("reviewersPerItem", Math.round(Number(e.target.value) || 1))} aria-describedby={describedBy("reviewersPerItem")} />
          </label>
          {error("reviewersPerItem")}
        </div>
      </details>
      {failure?.error && <p role="alert" className="text-sm text-red-700">{failure.error}</p>}
      <div className="flex justify-end gap-2">
        <Dialog.Close className="rounded px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-100">Cancel</Dialog.Close>
        <button type="submit" disabled={fetcher.state !== "idle"}
          className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
          {queue ? "Save changes" : "Create queue"}
        </button>
      </div>
    </form>
  );
}
