import { Form } from "@remix-run/react";
import { useMemo, useRef } from "react";
import { useShortcuts } from "~/lib/use-shortcuts";

export function ReviewBar({ position, total }: { position: number; total: number }) {
  const completeRef = useRef<HTMLFormElement>(null);
  useShortcuts(useMemo(() => ({ d: () => completeRef.current?.requestSubmit() }), []));
  return (
    <footer className="flex items-center gap-4 border-t border-slate-200 bg-white px-4 py-2 text-sm">
      <span className="tabular-nums text-slate-600" data-testid="position">{position} of {total}</span>
      <Form method="post" ref={completeRef} className="ml-auto">
        <input type="hidden" name="intent" value="complete" />
        <button type="submit" className="rounded bg-emerald-600 px-3 py-1.5 font-medium text-white hover:bg-emerald-700">
          Fully Annotated <kbd className="ml-1">d</kbd>
        </button>
      </Form>
    </footer>
  );
}
