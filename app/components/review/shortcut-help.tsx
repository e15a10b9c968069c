import * as Dialog from "@radix-ui/react-dialog";
import { Kbd } from "./kbd";
import { helpSections, keys } from "./shortcuts";

/** The `?` overlay: every key of the review screen. */
export function ShortcutHelp({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Trigger className="rounded px-2 py-0.5 text-xs text-slate-600 hover:bg-slate-100">
        Shortcuts <Kbd k={keys.help} />
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <Dialog.Content className="fixed left-1/2 top-16 max-h-[80vh] w-[34rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 overflow-y-auto rounded-lg bg-white p-5 shadow-xl" data-testid="shortcut-help">
          <Dialog.Title className="mb-1 text-base font-semibold">Keyboard shortcuts</Dialog.Title>
          <Dialog.Description className="mb-3 text-sm text-slate-600">They never fire while you type in a field. Esc closes this.</Dialog.Description>
          <div className="grid grid-cols-2 gap-x-6 gap-y-4 text-sm">
            {helpSections.map((section) => (
              <section key={section.title}>
                <h3 className="mb-1 text-xs font-semibold uppercase text-slate-500">{section.title}</h3>
                <dl className="grid grid-cols-[auto_1fr] items-baseline gap-x-2 gap-y-1">
                  {section.rows.map(([key, label]) => (
                    <div key={key} className="contents">
                      <dt><Kbd k={key} className="ml-0" /></dt>
                      <dd>{label}</dd>
                    </div>
                  ))}
                </dl>
              </section>
            ))}
          </div>
          <Dialog.Close className="mt-4 rounded bg-slate-800 px-3 py-1.5 text-sm text-white">Close</Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
