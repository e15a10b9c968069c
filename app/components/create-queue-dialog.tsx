import * as Dialog from "@radix-ui/react-dialog";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { FormFailure } from "~/lib/form";

interface Member {
  id: string;
  name: string;
  role: string;
}

const field = "rounded border border-slate-300 px-2 py-1.5 text-sm";

/** The create dialog of PRODUCT.md. Stays open, with everything typed, when the server rejects the form. */
export function CreateQueueDialog({ members }: { members: Member[] }) {
  const result = useActionData<FormFailure | { created: string }>();
  const failure = result && "error" in result ? result : undefined;
  const navigation = useNavigation();
  const [open, setOpen] = useState(false);
  const [live, setLive] = useState(false);
  const [sampling, setSampling] = useState(10);
  // Each action result is a new object, so this runs once per submission: close on success, stay open on failure.
  useEffect(() => {
    if (navigation.state === "idle" && result) setOpen(!("created" in result));
  }, [navigation.state, result]);
  const error = (name: string) => failure?.fields?.[name] && <span className="text-xs text-red-700">{failure.fields[name]}</span>;

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">
        Create
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <Dialog.Content className="fixed left-1/2 top-16 w-[32rem] -translate-x-1/2 rounded-lg bg-white p-5 shadow-xl">
          <Dialog.Title className="mb-3 text-base font-semibold">Create annotation queue</Dialog.Title>
          <Dialog.Description className="mb-3 text-sm text-slate-600">
            A manual queue fills from the trace list; a live one fills itself as traces complete.
          </Dialog.Description>
          <Form method="post" className="flex flex-col gap-3">
            <label className="flex flex-col gap-1 text-sm">
              Name
              <input name="name" required className={field} placeholder="Customer support review" />
              {error("name")}
            </label>
            <label className="flex flex-col gap-1 text-sm">
              Description
              <input name="description" className={field} placeholder="A short summary shown in the queue list" />
              {error("description")}
            </label>
            <label className="flex flex-col gap-1 text-sm">
              Instructions
              <textarea name="instructions" rows={4} className={field} placeholder="What reviewers should look for" />
              {error("instructions")}
            </label>
            <fieldset className="flex flex-col gap-1 text-sm">
              <legend className="mb-1">Assignees</legend>
              {members.map((m) => (
                <label key={m.id} className="flex items-center gap-2">
                  <input type="checkbox" name="assigneeIds" value={m.id} /> {m.name} <span className="text-slate-500">({m.role})</span>
                </label>
              ))}
              {error("assigneeIds")}
            </fieldset>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="isLive" value="true" checked={live} onChange={(e) => setLive(e.target.checked)} />
              Make this queue live
            </label>
            {live && (
              <label className="flex flex-col gap-1 text-sm">
                <span>Sampling: <span className="tabular-nums" data-testid="sampling-value">{sampling}%</span> of matching traces</span>
                <input type="range" name="samplingPercent" min={0} max={100} step={1} value={sampling}
                  onChange={(e) => setSampling(Number(e.target.value))} aria-valuetext={`${sampling}%`} />
                <span className="text-xs text-slate-500">New traces enter as they complete: filter first, then sampling.</span>
                {error("samplingPercent")}
              </label>
            )}
            {failure?.error && <p role="alert" className="text-sm text-red-700">{failure.error}</p>}
            <div className="flex justify-end gap-2">
              <Dialog.Close className="rounded px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-100">Cancel</Dialog.Close>
              <button type="submit" className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">
                Create queue
              </button>
            </div>
          </Form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
