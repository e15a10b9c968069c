import type { MachineScoreView } from "../../../worker/annotations/machine-scores";

function scoreText(score: MachineScoreView): string {
  if (score.flagged !== null) return score.flagged ? "Flagged" : "Not flagged";
  if (score.valueLabel !== null) return score.valueLabel;
  return score.valueNumber === null ? "–" : String(score.valueNumber);
}

/** Classifier results and outside evaluations; shown only in queues that show machine scores. */
export function MachineScores({ scores, onShowMessage }: { scores: MachineScoreView[]; onShowMessage: (index: number) => void }) {
  const flagged = scores.filter((s) => s.flagged !== false);
  const quiet = scores.filter((s) => s.flagged === false);
  return (
    <section aria-labelledby="machine-scores-title" data-testid="machine-scores">
      <h2 id="machine-scores-title" className="mb-2 text-xs font-semibold uppercase text-slate-500">Classifiers and scores</h2>
      {scores.length === 0 && <p className="text-xs text-slate-500">No machine scores for this trace.</p>}
      <ScoreList scores={flagged} onShowMessage={onShowMessage} />
      {quiet.length > 0 && (
        // Results that found nothing are kept a click away: they matter when judging a classifier, not the trace.
        <details className="mt-2 text-xs">
          <summary className="cursor-pointer text-slate-600">{quiet.length} not flagged</summary>
          <div className="mt-2"><ScoreList scores={quiet} onShowMessage={onShowMessage} /></div>
        </details>
      )}
    </section>
  );
}

function ScoreList({ scores, onShowMessage }: { scores: MachineScoreView[]; onShowMessage: (index: number) => void }) {
  return (
    <ul className="flex flex-col gap-2">
        {scores.map((score) => (
          <li key={`${score.evaluation}:${score.source}`} className={`rounded border p-2 text-xs ${score.flagged ? "border-rose-300 bg-rose-50" : "border-slate-200"}`}>
            <div className="flex items-center justify-between gap-2">
              <span className="font-medium">{score.scoreName ?? score.evaluation}</span>
              <span className={score.flagged ? "font-semibold text-rose-800" : "text-slate-600"}>{scoreText(score)}</span>
            </div>
            {score.confidence !== null && (
              <div className="mt-1 flex items-center gap-2" title="Confidence">
                <div className="h-1 flex-1 overflow-hidden rounded bg-slate-200" role="meter" aria-label="Confidence" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(score.confidence * 100)}>
                  <div className="h-full bg-slate-500" style={{ width: `${Math.round(score.confidence * 100)}%` }} />
                </div>
                <span className="tabular-nums text-slate-600">{Math.round(score.confidence * 100)}%</span>
              </div>
            )}
            {score.reason && <p className="mt-1 whitespace-pre-wrap text-slate-700">{score.reason}</p>}
            <div className="mt-1 flex items-center justify-between text-slate-500">
              <span>{[score.source, score.provider, score.version].filter(Boolean).join(" · ")}</span>
              {score.evidence && (
                <button type="button" className="text-indigo-700 hover:underline" onClick={() => score.evidence && onShowMessage(score.evidence.messageIndex)}>
                  Message #{score.evidence.messageIndex + 1}
                </button>
              )}
            </div>
          </li>
        ))}
    </ul>
  );
}
