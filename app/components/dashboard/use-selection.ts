import { useEffect, useState } from "react";

/** Row checkboxes for the visible page; a new page (or filter) starts with nothing selected. */
export function useSelection(ids: readonly string[]) {
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const pageKey = ids.join(",");
  useEffect(() => setSelected(new Set()), [pageKey]);
  return {
    selected,
    isSelected: (id: string) => selected.has(id),
    toggle: (id: string, on: boolean) =>
      setSelected((current) => {
        const next = new Set(current);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      }),
    allSelected: ids.length > 0 && ids.every((id) => selected.has(id)),
    setAll: (on: boolean) => setSelected(on ? new Set(ids) : new Set()),
    clear: () => setSelected(new Set()),
  };
}
