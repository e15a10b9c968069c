import { formatDuration } from "~/components/format";
import { waterfall } from "./span-tree";

interface Span {
  id: string;
  parentSpanId: string | null;
  name: string;
  startedAt: number;
  endedAt: number;
  statusCode: number;
  statusMessage: string | null;
  attributes: Record<string, unknown>;
}

/** Spans as a tree with bars on the trace's time axis; each row unfolds to its attributes. */
export function Waterfall({ spans }: { spans: Span[] }) {
  const rows = waterfall(spans);
  if (rows.length === 0) return <p className="text-sm text-slate-500">No spans.</p>;
  return (
    <ol className="flex flex-col text-xs" aria-label="Spans">
      {rows.map(({ span, depth, offset, width }) => (
        <li key={span.id} className="border-t border-slate-100 first:border-t-0" data-testid="span-row">
          <details>
            <summary className="grid cursor-pointer grid-cols-[minmax(0,2fr)_minmax(0,3fr)_5rem] items-center gap-2 py-1 hover:bg-slate-50">
              <span className="truncate" style={{ paddingLeft: `${depth * 0.75}rem` }} title={span.name}>
                {span.statusCode === 2 && <span className="mr-1 text-red-700" aria-label="error">●</span>}
                {span.name}
              </span>
              <span className="relative h-2 rounded bg-slate-100" aria-hidden="true">
                <span className={`absolute h-2 rounded ${span.statusCode === 2 ? "bg-red-400" : "bg-indigo-400"}`} style={{ left: `${offset}%`, width: `${width}%` }} />
              </span>
              <span className="text-right tabular-nums text-slate-600">{formatDuration(span.endedAt - span.startedAt)}</span>
            </summary>
            {span.statusMessage && <p className="px-2 text-red-700">{span.statusMessage}</p>}
            <pre className="max-h-72 overflow-auto whitespace-pre-wrap break-all bg-slate-50 p-2">{JSON.stringify(span.attributes, null, 2)}</pre>
          </details>
        </li>
      ))}
    </ol>
  );
}
