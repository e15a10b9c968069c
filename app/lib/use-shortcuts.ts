import { useEffect } from "react";

/** Whether a key press belongs to a field or an open dialog rather than to the page's shortcuts. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return true;
  // A dialog or popover owns the keyboard while it is open.
  return target.closest('[role="dialog"], [role="alertdialog"]') !== null;
}

/**
 * Single-key shortcuts that never fire while the reviewer is typing in a field, while a dialog is open, or from a
 * held-down key (one press, one action: holding `d` must not complete a run of items).
 */
export function useShortcuts(bindings: Record<string, () => void>) {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.metaKey || event.ctrlKey || event.altKey || event.isComposing || event.defaultPrevented) return;
      if (isTyping(event.target)) return;
      const action = bindings[event.key];
      if (!action) return;
      event.preventDefault();
      if (!event.repeat) action();
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [bindings]);
}
