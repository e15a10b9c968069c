import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { listAnnotations } from "../../worker/annotations/service";
import { getTrace } from "../../worker/traces/service";
import { traceContext } from "../../worker/traces/trace-context";
import { AddToQueue } from "~/components/dashboard/add-to-queue";
import { formatCost, formatDuration, formatTime, StatusBadge } from "~/components/format";
import { ReadOnlyConversation } from "~/components/trace/conversation";
import { Waterfall } from "~/components/trace/waterfall";
import { addToQueueAction, queueChoices } from "~/lib/dashboard.server";
import { loadOrNotFound } from "~/lib/load.server";
import { db, requireUser } from "~/lib/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.trace.summary.name || "Trace"} · Annotation Queues` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const traceId = params.traceId ?? "";
  return loadOrNotFound(async () => {
    const trace = await getTrace(db(context), user, traceId);
    const [extra, annotations, queues] = await Promise.all([
      traceContext(db(context), user, traceId),
      listAnnotations(db(context), user, traceId),
      queueChoices(context, user),
    ]);
    return { trace, ...extra, annotations, queueChoices: queues, canConfigure: user.role === "admin" };
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  return addToQueueAction(request, context, user, "traces");
}

function Section({ title, children, className }: { title: string; children: ReactNode; className?: string }) {
  return (
    <section className={`rounded-lg border border-slate-200 bg-white p-4 ${className ?? ""}`} aria-label={title}>
      <h2 className="mb-2 text-xs font-semibold uppercase text-slate-600">{title}</h2>
      {children}
    </section>
  );
}

export default function TracePage() {
  const { trace, scores, flags, queues, annotations, queueChoices: choices, canConfigure } = useLoaderData<typeof loader>();
  const { summary } = trace;
  const facts: [string, ReactNode][] = [
    ["Started", formatTime(summary.startedAt)],
    ["Duration", formatDuration(summary.durationMs)],
    ["Status", summary.settledAt ? <StatusBadge status={summary.status} /> : "receiving spans"],
    ["Model", summary.models.join(", ") || "–"],
    ["Provider", summary.provider ?? "–"],
    ["Tokens", `${summary.totalTokens.toLocaleString()} (${summary.inputTokens.toLocaleString()} in / ${summary.outputTokens.toLocaleString()} out)`],
    ["Cost", formatCost(summary.cost)],
    ["Time to first token", summary.timeToFirstTokenMs === null ? "–" : formatDuration(summary.timeToFirstTokenMs)],
    ["Session", summary.sessionId ?? "–"],
    ["User", summary.userId ?? "–"],
    ["Environment", summary.environment ?? "–"],
    ["Spans", `${summary.spanCount} (${summary.toolCallCount} tool calls, ${summary.errorCount} errors)`],
    ["Tags", summary.tags.join(", ") || "–"],
  ];
  return (
    <div className="mx-auto max-w-7xl p-4 lg:p-6">
      <nav className="mb-1 text-sm" aria-label="Breadcrumb"><Link to="/traces" className="text-indigo-700 hover:underline">Traces</Link> /</nav>
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-xl font-semibold">{summary.name || "Unnamed trace"} <span className="font-mono text-xs font-normal text-slate-500">{summary.id}</span></h1>
        {canConfigure && choices.length > 0 && <AddToQueue queues={choices} noun="traces" selected={[summary.id]} filter={null} everyMatch={false} />}
      </div>
      <div className="grid gap-4 lg:grid-cols-[20rem_minmax(0,1fr)]">
        <div className="flex flex-col gap-4">
          <Section title="Summary">
            <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
              {facts.map(([label, value]) => (
                <div key={label} className="contents">
                  <dt className="text-slate-600">{label}</dt>
                  <dd className="break-words">{value}</dd>
                </div>
              ))}
            </dl>
            {Object.keys(summary.metadata).length > 0 && (
              <details className="mt-2 text-sm">
                <summary className="cursor-pointer text-slate-600">Metadata</summary>
                <dl className="mt-1 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 text-xs">
                  {Object.entries(summary.metadata).map(([key, value]) => (
                    <div key={key} className="contents"><dt className="font-mono text-slate-600">{key}</dt><dd className="break-words">{value}</dd></div>
                  ))}
                </dl>
              </details>
            )}
          </Section>
          <Section title="Annotations">
            {annotations.length === 0 ? <p className="text-sm text-slate-500">No annotations yet.</p> : (
              <ul className="flex flex-col gap-2 text-sm">
                {annotations.map((a) => (
                  <li key={a.id} className="rounded border border-slate-100 p-2">
                    <div><strong>{a.scoreName ?? "Score"}</strong>: {a.valueLabel ?? (a.valueNumber === null ? "–" : String(a.valueNumber))}
                      <span className="ml-1 text-xs text-slate-500">{a.status !== "published" ? a.status : ""} · {a.authorName ?? a.source}</span></div>
                    {a.comment && <p className="whitespace-pre-wrap text-slate-700">{a.comment}</p>}
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section title="Queues">
            {queues.length === 0 ? <p className="text-sm text-slate-500">Not in any queue.</p> : (
              <ul className="flex flex-col gap-1 text-sm">
                {queues.map((q) => (
                  <li key={q.queueId}><Link to={`/queues/${q.queueId}`} className="text-indigo-700 hover:underline">{q.name}</Link> <span className="text-xs text-slate-600">{q.status}</span></li>
                ))}
              </ul>
            )}
          </Section>
        </div>
        <div className="flex min-w-0 flex-col gap-4">
          <Section title="Classifier results and scores">
            {flags.length === 0 && scores.length === 0 && <p className="text-sm text-slate-500">No classifier flagged this trace, and no machine scores yet.</p>}
            {flags.length > 0 && (
              <ul className="mb-2 flex flex-col gap-1 text-sm" data-testid="trace-flags">
                {flags.map((flag) => (
                  <li key={flag.classifier}><span className="rounded bg-amber-100 px-1.5 text-xs text-amber-900">flagged</span> <strong>{flag.classifier}</strong> {flag.reason && <span className="text-slate-600">· {flag.reason}</span>}</li>
                ))}
              </ul>
            )}
            {scores.length > 0 && (
              <table className="w-full text-xs" data-testid="trace-scores">
                <thead className="text-left text-slate-600"><tr><th className="py-1">Evaluation</th><th>Result</th><th>Reason</th><th>Decided by</th></tr></thead>
                <tbody>
                  {scores.map((score) => (
                    <tr key={`${score.evaluation}-${score.source}`} className="border-t border-slate-100 align-top">
                      <td className="py-1 pr-2 font-medium">{score.evaluation}</td>
                      <td className="whitespace-nowrap pr-2">
                        {score.flagged === null ? (score.valueLabel ?? score.valueNumber ?? "–") : score.flagged ? <strong className="text-amber-900">flagged</strong> : "clear"}
                        {score.confidence !== null && <span className="text-slate-600"> ({Math.round(score.confidence * 100)}%)</span>}
                      </td>
                      <td className="pr-2 text-slate-700">{score.reason ?? ""}</td>
                      <td className="whitespace-nowrap text-slate-600">{score.provider ?? score.source}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Section>
          <Section title="Conversation"><ReadOnlyConversation messages={trace.conversation} /></Section>
          <Section title="Spans"><Waterfall spans={trace.spans} /></Section>
        </div>
      </div>
    </div>
  );
}
