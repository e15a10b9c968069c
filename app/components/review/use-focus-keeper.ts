import { useEffect, useMemo, useRef } from "react";

// Focus is never lost after an action: opening the composer remembers where the reviewer was, closing it goes
// back there (or to the screen itself when that element is gone), and card actions keep focus on the card even
// when the button pressed disappears. A new item (j / k / d) starts with focus on the screen, so keys keep working.

export function useFocusKeeper() {
  const rootRef = useRef<HTMLDivElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const cards = useRef(new Map<string, HTMLElement>());

  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement === null) rootRef.current?.focus({ preventScroll: true });
  }, []);

  const toRoot = () => rootRef.current?.focus({ preventScroll: true });

  return useMemo(
    () => ({
      rootRef,
      remember() {
        const active = document.activeElement;
        if (active instanceof HTMLElement && active !== document.body && !active.closest("form")) returnTo.current = active;
      },
      restore() {
        const target = returnTo.current;
        returnTo.current = null;
        // At once, while the closing composer still holds focus: a focused element that unmounts drops it to <body>.
        if (target?.isConnected) target.focus({ preventScroll: true });
        else toRoot();
      },
      /**
       * Focuses an element once the coming render has put it in the page. React commits a key press's updates in a
       * microtask, before the next key press is handled, so a fast typist's next keys land in the field; the frame
       * after is the fallback for anything rendered later.
       */
      later(element: () => HTMLElement | null) {
        queueMicrotask(() => {
          const now = element();
          if (now) now.focus();
          else requestAnimationFrame(() => element()?.focus());
        });
      },
      card(id: string) {
        const element = cards.current.get(id);
        element?.focus({ preventScroll: true });
        element?.scrollIntoView({ block: "nearest" });
      },
      cardRef: (id: string) => (element: HTMLElement | null) => {
        if (element) cards.current.set(id, element);
        else cards.current.delete(id);
      },
    }),
    [],
  );
}

export type FocusKeeper = ReturnType<typeof useFocusKeeper>;
