interface Summary {
  id: string;
  startedAt: number;
  durationMs: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cost: number | null;
  models: string[];
  provider: string | null;
  tags: string[];
  metadata: Record<string, string>;
  status: string;
}

export function MetadataPanel({ summary }: { summary: Summary }) {
  const rows: [string, string][] = [
    ["Timestamp", new Date(summary.startedAt).toLocaleString()],
    ["Duration", `${(summary.durationMs / 1000).toFixed(2)} s`],
    ["Tokens", `${summary.totalTokens} (${summary.inputTokens} in / ${summary.outputTokens} out)`],
    ["Cost", summary.cost === null ? "–" : `$${summary.cost.toFixed(4)}`],
    ["Model", summary.models.join(", ") || "–"],
    ["Provider", summary.provider ?? "–"],
    ["Status", summary.status],
  ];
  return (
    <aside className="overflow-y-auto border-r border-slate-200 bg-white p-4 text-sm" aria-label="Metadata">
      <h2 className="mb-2 text-xs font-semibold uppercase text-slate-500">Metadata</h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="break-words" data-testid={`meta-${label.toLowerCase()}`}>{value}</dd>
          </div>
        ))}
      </dl>
      {summary.tags.length > 0 && (
        <div className="mt-3 flex flex-wrap gap-1">
          {summary.tags.map((tag) => <span key={tag} className="rounded bg-slate-100 px-1.5 text-xs">{tag}</span>)}
        </div>
      )}
      {Object.keys(summary.metadata).length > 0 && (
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
          {Object.entries(summary.metadata).map(([key, value]) => (
            <div key={key} className="contents"><dt className="text-slate-500">{key}</dt><dd className="break-all">{value}</dd></div>
          ))}
        </dl>
      )}
      <p className="mt-3 break-all font-mono text-[10px] text-slate-400">{summary.id}</p>
    </aside>
  );
}
