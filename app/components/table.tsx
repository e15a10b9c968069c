import type { ReactNode } from "react";

export type Column = string | { label: ReactNode; className?: string };

export function TableHead({ columns }: { columns: Column[] }) {
  return (
    <thead className="bg-slate-100 text-left text-xs uppercase text-slate-500">
      <tr>
        {columns.map((column, i) =>
          typeof column === "string" ? (
            <th key={i} className="px-3 py-2">{column}</th>
          ) : (
            <th key={i} className={`px-3 py-2 ${column.className ?? ""}`}>{column.label}</th>
          ),
        )}
      </tr>
    </thead>
  );
}

export function EmptyRow({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={columns} className="px-3 py-8 text-center text-slate-500">{children}</td>
    </tr>
  );
}
