/** Rows are the human verdicts, columns the machine's; each cell is shaded by its share of the row. */
export function ConfusionHeatmap({ labels, matrix }: { labels: string[]; matrix: number[][] }) {
  const rowTotals = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  return (
    <table className="border-separate border-spacing-1 text-sm" aria-label="Confusion matrix" data-testid="confusion-matrix">
      <thead>
        <tr>
          <th className="p-1 text-left text-xs font-normal text-slate-500">Human ↓ / Machine →</th>
          {labels.map((label) => <th key={label} scope="col" className="px-2 py-1 text-xs font-semibold text-slate-700">{label}</th>)}
          <th scope="col" className="px-2 py-1 text-xs font-normal text-slate-500">total</th>
        </tr>
      </thead>
      <tbody>
        {matrix.map((row, i) => (
          <tr key={labels[i]}>
            <th scope="row" className="pr-2 text-right text-xs font-semibold text-slate-700">{labels[i]}</th>
            {row.map((count, j) => {
              const share = rowTotals[i] ? count / rowTotals[i]! : 0;
              // Agreement in green, confusion in red; opacity carries the share so the eye finds the mass.
              const hue = i === j ? "16, 185, 129" : "239, 68, 68";
              return (
                <td
                  key={labels[j]}
                  className="h-14 w-20 rounded text-center tabular-nums"
                  style={{ backgroundColor: `rgba(${hue}, ${0.08 + 0.8 * share})`, color: share > 0.55 ? "white" : undefined }}
                  data-testid="confusion-cell"
                  data-human={labels[i]}
                  data-machine={labels[j]}
                  title={`${count} trace(s): humans said ${labels[i]}, the machine ${labels[j]}`}
                >
                  <div className="text-base font-semibold">{count}</div>
                  <div className="text-[11px] opacity-80">{rowTotals[i] ? `${Math.round(share * 100)}%` : ""}</div>
                </td>
              );
            })}
            <td className="px-2 text-center text-xs text-slate-500 tabular-nums">{rowTotals[i]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
