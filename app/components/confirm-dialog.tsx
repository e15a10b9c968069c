import * as Dialog from "@radix-ui/react-dialog";
import type { ReactNode } from "react";

/** A yes/no question before something that cannot be undone from the UI (delete, revoke). */
const tones = { danger: "bg-red-600 hover:bg-red-700", primary: "bg-indigo-600 hover:bg-indigo-700" };

export function ConfirmDialog({ trigger, title, description, confirmLabel, onConfirm, busy, tone = "danger" }: {
  trigger: ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  busy?: boolean;
  tone?: keyof typeof tones;
}) {
  return (
    <Dialog.Root>
      <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <Dialog.Content role="alertdialog" className="fixed left-1/2 top-24 w-[26rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 rounded-lg bg-white p-5 shadow-xl">
          <Dialog.Title className="mb-2 text-base font-semibold">{title}</Dialog.Title>
          <Dialog.Description className="mb-4 text-sm text-slate-600">{description}</Dialog.Description>
          <div className="flex justify-end gap-2">
            <Dialog.Close className="rounded px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-100">Cancel</Dialog.Close>
            <Dialog.Close asChild>
              <button type="button" onClick={onConfirm} disabled={busy}
                className={`rounded px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60 ${tones[tone]}`}>
                {confirmLabel}
              </button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
