import { Link } from "@remix-run/react";
import { alphaBand } from "../../../worker/alignment/interpret";
import type { ReviewerAgreementView } from "../../../worker/alignment/service";
import { EstimateText } from "./estimate";

const tone = { reliable: "text-emerald-700", tentative: "text-amber-700", unreliable: "text-red-700" } as const;

/** Whether the ground truth itself is solid: reviewers measured against each other. */
export function ReviewerAgreementPanel({ agreement, queueParam }: { agreement: ReviewerAgreementView; queueParam: (queueId: string | null) => string }) {
  const { alpha } = agreement;
  return (
    <div>
      <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-600">Scope:</span>
        <Link to={queueParam(null)} className={agreement.queueId === null ? "font-semibold" : "text-indigo-700 hover:underline"}>all queues</Link>
        {agreement.queues.map((q) => (
          <Link key={q.id} to={queueParam(q.id)} className={agreement.queueId === q.id ? "font-semibold" : "text-indigo-700 hover:underline"}>
            {q.name} <span className="text-xs text-slate-500">({q.reviewersPerItem} per item)</span>
          </Link>
        ))}
      </div>
      <p className="mb-3 text-sm">
        Krippendorff&apos;s alpha ({agreement.level}): <strong><EstimateText estimate={alpha} testId="alpha" /></strong>
        {alpha.value !== null && <span className={`ml-2 font-medium ${tone[alphaBand(alpha.value)]}`}>{alphaBand(alpha.value)}</span>}
        <span className="ml-2 text-slate-500">{alpha.pairableUnits} trace(s) rated by two or more of {agreement.reviewers.length} reviewer(s)</span>
      </p>
      {agreement.pairs.length === 0 ? (
        <p className="text-sm text-slate-500">No two reviewers have rated the same trace yet. Set a queue to two or more reviewers per item.</p>
      ) : (
        <table className="w-full text-sm">
          <thead className="text-left text-xs uppercase text-slate-500">
            <tr><th className="py-1">Reviewers</th><th>Shared traces</th><th>Exact agreement</th>{agreement.level === "nominal" && <th>Cohen&apos;s kappa</th>}<th>Alpha</th></tr>
          </thead>
          <tbody>
            {agreement.pairs.map((p) => (
              <tr key={`${p.reviewers[0].id}-${p.reviewers[1].id}`} className="border-t border-slate-100" data-testid="pair-row">
                <td className="py-1">{p.reviewers[0].name} · {p.reviewers[1].name}</td>
                <td className="tabular-nums">{p.n}</td>
                <td><EstimateText estimate={p.agreement} percent testId="pair-agreement" /></td>
                {agreement.level === "nominal" && <td>{p.kappa && <EstimateText estimate={p.kappa} testId="pair-kappa" />}</td>}
                <td><EstimateText estimate={p.alpha} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
