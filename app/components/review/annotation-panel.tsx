import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useEffect, useMemo, useRef } from "react";
import type { FormFailure } from "~/lib/form";
import { useShortcuts } from "~/lib/use-shortcuts";

interface AnnotationView {
  id: string;
  authorName: string | null;
  scoreName: string | null;
  valueNumber: number | null;
  valueLabel: string | null;
  comment: string;
  status: string;
  createdAt: number;
}

function verdictText(a: AnnotationView): string {
  if (a.valueLabel) return a.valueLabel;
  if (a.valueNumber === null) return "";
  return a.scoreName === "Verdict" ? (a.valueNumber === 1 ? "Pass" : "Fail") : String(a.valueNumber);
}

export function AnnotationPanel(props: { instructions: string; annotations: AnnotationView[]; verdictConfigId: string | null }) {
  const result = useActionData<FormFailure | { saved: true }>();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const choose = (value: "pass" | "fail") => {
    const input = formRef.current?.querySelector<HTMLInputElement>(`input[name=verdict][value=${value}]`);
    if (input) input.checked = true;
  };
  useShortcuts(
    useMemo(
      () => ({
        "1": () => choose("pass"),
        "2": () => choose("fail"),
        c: () => commentRef.current?.focus(),
        s: () => formRef.current?.requestSubmit(),
      }),
      [],
    ),
  );
  // A saved annotation clears the form for the next one; the verdict and comment stay on a failure.
  useEffect(() => {
    if (navigation.state === "idle" && result && "saved" in result) formRef.current?.reset();
  }, [navigation.state, result]);

  return (
    <aside className="flex flex-col overflow-y-auto border-l border-slate-200 bg-white p-4 text-sm" aria-label="Annotations">
      <h2 className="mb-1 text-xs font-semibold uppercase text-slate-500">Instructions</h2>
      <p className="mb-4 whitespace-pre-wrap text-slate-700" data-testid="instructions">{props.instructions || "No instructions for this queue."}</p>
      <h2 className="mb-1 text-xs font-semibold uppercase text-slate-500">Annotations</h2>
      <ul className="mb-4 flex flex-col gap-2">
        {props.annotations.length === 0 && <li className="text-slate-500">None yet.</li>}
        {props.annotations.map((a) => (
          <li key={a.id} className="rounded border border-slate-200 p-2" data-testid="annotation">
            <div className="flex justify-between text-xs text-slate-500">
              <span>{a.authorName ?? "API"}{a.status === "draft" ? " · draft" : ""}</span>
              <span>{new Date(a.createdAt).toLocaleString()}</span>
            </div>
            <div className="font-medium">{a.scoreName}: {verdictText(a)}</div>
            {a.comment && <p className="whitespace-pre-wrap text-slate-700">{a.comment}</p>}
          </li>
        ))}
      </ul>
      {props.verdictConfigId ? (
        <Form method="post" ref={formRef} className="flex flex-col gap-2" aria-label="New annotation">
          <input type="hidden" name="intent" value="annotate" />
          <input type="hidden" name="scoreConfigId" value={props.verdictConfigId} />
          <fieldset className="flex gap-4">
            <legend className="mb-1 text-xs font-semibold uppercase text-slate-500">Verdict</legend>
            <label className="flex items-center gap-1"><input type="radio" name="verdict" value="pass" required /> Pass <kbd>1</kbd></label>
            <label className="flex items-center gap-1"><input type="radio" name="verdict" value="fail" /> Fail <kbd>2</kbd></label>
          </fieldset>
          <label className="flex flex-col gap-1">
            <span>Comment <kbd>c</kbd></span>
            <textarea ref={commentRef} name="comment" rows={3} className="rounded border border-slate-300 px-2 py-1.5" />
          </label>
          {result && "error" in result && <p role="alert" className="text-red-700">{result.error}</p>}
          <button type="submit" className="self-start rounded bg-slate-800 px-3 py-1.5 text-white hover:bg-slate-900">
            Save annotation <kbd className="ml-1">s</kbd>
          </button>
        </Form>
      ) : (
        <p className="text-slate-500">This project has no Verdict score config.</p>
      )}
    </aside>
  );
}
