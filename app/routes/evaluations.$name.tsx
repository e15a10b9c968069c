import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { readTrust } from "../../worker/alignment/interpret";
import { evaluationAlignment, reviewerAgreement } from "../../worker/alignment/service";
import { ConfusionHeatmap } from "~/components/alignment/confusion-heatmap";
import { DriftChart } from "~/components/alignment/drift-chart";
import { EstimateText, StatCard } from "~/components/alignment/estimate";
import { ReviewerAgreementPanel } from "~/components/alignment/reviewer-agreement";
import { formatTime } from "~/components/format";
import { Pager } from "~/components/pager";
import { EmptyRow, TableHead } from "~/components/table";
import { loadOrNotFound } from "~/lib/load.server";
import { db, requireUser } from "~/lib/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.alignment.evaluation ?? "Evaluation"} · Alignment` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const search = new URL(request.url).searchParams;
  const option = (key: string) => search.get(key) ?? undefined;
  return loadOrNotFound(async () => {
    const alignment = await evaluationAlignment(db(context), user, params.name ?? "", {
      scoreConfigId: option("config"),
      source: option("source"),
      bucket: option("bucket") as "week" | "day" | undefined,
      cursor: option("cursor"),
      limit: 25,
    });
    const agreement = alignment.scoreConfig
      ? await reviewerAgreement(db(context), user, { scoreConfigId: alignment.scoreConfig.id, queueId: option("queue") })
      : null;
    return { alignment, agreement };
  });
}

function Section({ title, children, aside }: { title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" aria-label={title}>
      <div className="mb-3 flex items-center justify-between gap-3">
        <h2 className="text-xs font-semibold uppercase text-slate-600">{title}</h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

const trustTone = {
  trustworthy: "border-emerald-300 bg-emerald-50 text-emerald-900",
  "use-with-care": "border-amber-300 bg-amber-50 text-amber-900",
  "not-trustworthy": "border-red-300 bg-red-50 text-red-900",
  "not-enough-data": "border-slate-300 bg-slate-50 text-slate-700",
} as const;

export default function EvaluationAlignmentPage() {
  const { alignment: a, agreement } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const withParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    next.delete("cursor");
    if (value === null) next.delete(key);
    else next.set(key, value);
    return `?${next}`;
  };
  const c = a.classification;
  const n = a.numeric;
  const reading = c ? readTrust(c.kappa, "kappa", a.counts.pairs) : n ? readTrust(n.spearman, "rho", a.counts.pairs) : null;
  const positive = c?.positiveLabel ? c.perClass.find((k) => k.label === c.positiveLabel) : undefined;
  const groundTruthShaky = agreement?.alpha.value != null && agreement.alpha.value < 0.667;

  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-4 p-4 lg:p-6">
      <div>
        <nav className="mb-1 text-sm" aria-label="Breadcrumb"><Link to="/evaluations" className="text-indigo-700 hover:underline">Evaluations</Link> /</nav>
        <h1 className="text-xl font-semibold">{a.evaluation}</h1>
        <p className="text-sm text-slate-600" data-testid="counts">
          {a.counts.machineScores} scored trace(s) · {a.counts.humanVerdicts} with a human verdict · <strong>{a.counts.pairs} compared</strong>
          {a.counts.ties > 0 && ` · ${a.counts.ties} left out (reviewers split evenly)`}
          {a.scoreConfig && <> · score config <strong>{a.scoreConfig.name}</strong> ({a.scoreConfig.type})</>}
        </p>
        <div className="mt-1 flex flex-wrap gap-3 text-sm">
          {a.scoreConfigs.length > 1 &&
            a.scoreConfigs.filter((sc) => sc.id).map((sc) => (
              <Link key={sc.id} to={withParam("config", sc.id)} className={sc.id === a.scoreConfig?.id ? "font-semibold" : "text-indigo-700 hover:underline"}>{sc.name} ({sc.scores})</Link>
            ))}
          {a.sources.length > 1 && (
            <span>
              Source:{" "}
              {[null, ...a.sources].map((s) => (
                <Link key={s ?? "all"} to={withParam("source", s)} className={`ml-1 ${a.source === s ? "font-semibold" : "text-indigo-700 hover:underline"}`}>{s ?? "latest of any"}</Link>
              ))}
            </span>
          )}
        </div>
      </div>

      {reading ? (
        <div className={`rounded-lg border p-4 ${trustTone[reading.trust]}`} data-testid="trust">
          <div className="text-xs font-semibold uppercase">Can I trust this evaluation?</div>
          <div className="text-lg font-medium">{reading.summary}</div>
          {groundTruthShaky && (
            <div className="mt-1 text-sm">Caution: reviewers agree poorly among themselves (α = {agreement!.alpha.value!.toFixed(2)}), so the ground truth is itself uncertain.</div>
          )}
        </div>
      ) : (
        <div className={`rounded-lg border p-4 ${trustTone["not-enough-data"]}`} data-testid="trust">{a.reason}</div>
      )}

      {c && (
        <div className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-7">
          <StatCard label="Accuracy" estimate={c.accuracy} percent testId="stat-accuracy" hint="Share of compared traces where the machine gave the humans' verdict." />
          <StatCard label="Cohen's kappa" estimate={c.kappa} testId="stat-kappa" hint="Agreement beyond chance: 0 is chance, 1 perfect." />
          <StatCard label="Matthews (MCC)" estimate={c.mcc} testId="stat-mcc" hint="Correlation between the verdicts, robust to class imbalance." />
          <StatCard label="Macro F1" estimate={c.macro.f1} testId="stat-macro-f1" hint="Mean F1 over labels." />
          {positive && <StatCard label={`Precision (${positive.label})`} estimate={positive.precision} percent testId="stat-precision" hint={`When the machine says ${positive.label}, how often the humans agree.`} />}
          {positive && <StatCard label={`Recall (${positive.label})`} estimate={positive.recall} percent testId="stat-recall" hint={`Of the humans' ${positive.label} verdicts, how many the machine found.`} />}
          {positive && <StatCard label={`F1 (${positive.label})`} estimate={positive.f1} testId="stat-f1" hint="Harmonic mean of precision and recall." />}
        </div>
      )}
      {n && (
        <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
          <StatCard label="Pearson r" estimate={n.pearson} testId="stat-pearson" hint="Linear correlation of machine and human numbers." />
          <StatCard label="Spearman rho" estimate={n.spearman} testId="stat-spearman" hint="Rank correlation (ties by average rank)." />
          <StatCard label="MAE" estimate={n.mae} testId="stat-mae" hint="Mean absolute difference, in the score's units." />
          <StatCard label="RMSE" estimate={n.rmse} testId="stat-rmse" hint="Root mean squared difference: punishes large misses." />
        </div>
      )}

      <div className="grid gap-4 lg:grid-cols-2">
        {c && (
          <Section title="Confusion matrix">
            <ConfusionHeatmap labels={c.labels} matrix={c.matrix} />
            <table className="mt-4 w-full text-sm">
              <TableHead columns={["Label", "Humans", "Machine", "Precision", "Recall", "F1"]} />
              <tbody>
                {c.perClass.map((k) => (
                  <tr key={k.label} className="border-t border-slate-100">
                    <td className="px-3 py-1 font-medium">{k.label}</td>
                    <td className="px-3 py-1 tabular-nums">{k.support}</td>
                    <td className="px-3 py-1 tabular-nums">{k.predicted}</td>
                    <td className="px-3 py-1"><EstimateText estimate={k.precision} percent /></td>
                    <td className="px-3 py-1"><EstimateText estimate={k.recall} percent /></td>
                    <td className="px-3 py-1"><EstimateText estimate={k.f1} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
        )}
        {(c || n) && (
          <Section
            title={`Alignment over time (${c ? "accuracy" : "MAE"} per ${a.drift.bucket}, 95% band)`}
            aside={
              <span className="text-xs">
                {(["week", "day"] as const).map((b) => (
                  <Link key={b} to={withParam("bucket", b)} className={`ml-2 ${a.drift.bucket === b ? "font-semibold" : "text-indigo-700 hover:underline"}`}>by {b}</Link>
                ))}
              </span>
            }
          >
            <DriftChart points={a.drift.points} metric={c ? "accuracy" : "mae"} bucket={a.drift.bucket} />
          </Section>
        )}
      </div>

      {(c || n) && (
        <Section title={n ? `Disagreements (differences above ${n.tolerance})` : "Disagreements"}>
          <table className="w-full text-sm">
            <TableHead columns={["Trace", "Started", "Machine", "Humans", "Machine's reason", ""]} />
            <tbody>
              {a.disagreements.items.length === 0 && <EmptyRow columns={6}>The machine agrees with every human verdict.</EmptyRow>}
              {a.disagreements.items.map((d) => {
                const href = d.queueId ? `/queues/${d.queueId}/items/${d.traceId}` : `/traces/${d.traceId}`;
                return (
                  <tr key={d.traceId} className="border-t border-slate-100 align-top" data-testid="disagreement-row">
                    <td className="px-3 py-2">
                      <Link to={href} className="font-medium text-indigo-700 hover:underline">{d.traceName || "Unnamed trace"}</Link>
                      <div className="font-mono text-xs text-slate-500">{d.traceId}</div>
                    </td>
                    <td className="px-3 py-2 text-slate-500">{formatTime(d.startedAt)}</td>
                    <td className="px-3 py-2 font-medium">{String(d.machine)}</td>
                    <td className="px-3 py-2 font-medium">{typeof d.human === "number" ? d.human.toFixed(2) : d.human}<span className="ml-1 text-xs font-normal text-slate-500">({d.humanRatings} reviewer{d.humanRatings === 1 ? "" : "s"})</span></td>
                    <td className="max-w-md px-3 py-2 text-slate-600">{d.reason ?? "–"}</td>
                    <td className="px-3 py-2 text-right"><Link to={`/traces/${d.traceId}`} className="text-xs text-indigo-700 hover:underline">trace</Link></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <Pager nextCursor={a.disagreements.nextCursor} />
        </Section>
      )}

      {agreement && (
        <Section title="Reviewer agreement: is the ground truth solid?">
          <ReviewerAgreementPanel agreement={agreement} queueParam={(queueId) => withParam("queue", queueId)} />
        </Section>
      )}
    </div>
  );
}
