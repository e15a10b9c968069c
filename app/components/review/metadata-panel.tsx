import type { MachineScoreView } from "../../../worker/annotations/machine-scores";
import type { TraceRow } from "../../../worker/traces/service";
import { MachineScores } from "./machine-scores";

type Summary = Pick<
  TraceRow,
  | "id" | "startedAt" | "durationMs" | "inputTokens" | "outputTokens" | "totalTokens" | "cost" | "models" | "provider" | "tags"
  | "metadata" | "status" | "timeToFirstTokenMs" | "sessionId" | "userId" | "environment" | "spanCount" | "toolCallCount" | "errorCount"
>;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function MetadataPanel(props: { summary: Summary; machineScores: MachineScoreView[] | null; onShowMessage: (index: number) => void }) {
  const { summary } = props;
  const rows: [string, string][] = [
    ["Timestamp", new Date(summary.startedAt).toLocaleString()],
    ["Duration", seconds(summary.durationMs)],
    ["First token", summary.timeToFirstTokenMs === null ? "–" : seconds(summary.timeToFirstTokenMs)],
    ["Tokens", `${summary.totalTokens} (${summary.inputTokens} in / ${summary.outputTokens} out)`],
    ["Cost", summary.cost === null ? "–" : `$${summary.cost.toFixed(4)}`],
    ["Model", summary.models.join(", ") || "–"],
    ["Provider", summary.provider ?? "–"],
    ["Status", summary.status],
    ["Spans", `${summary.spanCount} · ${summary.toolCallCount} tool call${summary.toolCallCount === 1 ? "" : "s"} · ${summary.errorCount} error${summary.errorCount === 1 ? "" : "s"}`],
    ["Session", summary.sessionId ?? "–"],
    ["User", summary.userId ?? "–"],
    ["Environment", summary.environment ?? "–"],
  ];
  return (
    <aside className="flex min-h-0 flex-col gap-3 overflow-y-auto border-r border-slate-200 bg-white p-4 text-sm" aria-label="Metadata">
      <section>
        <h2 className="mb-2 text-xs font-semibold uppercase text-slate-500">Metadata</h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-slate-500">{label}</dt>
              <dd className="break-words" data-testid={`meta-${label.toLowerCase().replaceAll(" ", "-")}`}>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      {summary.tags.length > 0 && (
        <ul className="flex flex-wrap gap-1" aria-label="Tags">
          {summary.tags.map((tag) => <li key={tag} className="rounded bg-slate-100 px-1.5 text-xs">{tag}</li>)}
        </ul>
      )}
      {Object.keys(summary.metadata).length > 0 && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs" aria-label="Trace metadata">
          {Object.entries(summary.metadata).map(([key, value]) => (
            <div key={key} className="contents"><dt className="text-slate-500">{key}</dt><dd className="break-all">{value}</dd></div>
          ))}
        </dl>
      )}
      {props.machineScores && <MachineScores scores={props.machineScores} onShowMessage={props.onShowMessage} />}
      <p className="break-all font-mono text-[10px] text-slate-400">{summary.id}</p>
    </aside>
  );
}
