import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { listEvaluations } from "../../worker/alignment/service";
import { formatTime } from "~/components/format";
import { EmptyRow, TableHead } from "~/components/table";
import { db, requireUser } from "~/lib/session.server";

export const meta: MetaFunction = () => [{ title: "Evaluations · Annotation Queues" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return { evaluations: await listEvaluations(db(context), user) };
}

export default function Evaluations() {
  const { evaluations } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-6xl p-6">
      <h1 className="mb-1 text-xl font-semibold">Evaluations</h1>
      <p className="mb-4 text-sm text-slate-600">
        Machine scores from the classifiers, <code>POST /api/v1/scores</code> and OTLP <code>gen_ai.evaluation.result</code> events, held against
        published human verdicts on the same score config.
      </p>
      <table className="w-full border-collapse overflow-hidden rounded-lg bg-white text-sm shadow-sm">
        <TableHead columns={["Evaluation", "Score config", "Scores", "With a human verdict", "Sources", "Last scored"]} />
        <tbody>
          {evaluations.length === 0 && <EmptyRow columns={6}>No machine scores yet.</EmptyRow>}
          {evaluations.map((e) => (
            <tr key={e.evaluation} className="border-t border-slate-100" data-testid="evaluation-row">
              <td className="px-3 py-2">
                <Link to={`/evaluations/${encodeURIComponent(e.evaluation)}`} className="font-medium text-indigo-700 hover:underline">{e.evaluation}</Link>
              </td>
              <td className="px-3 py-2 text-slate-600">{e.scoreConfigs.join(", ") || "–"}</td>
              <td className="px-3 py-2 tabular-nums">{e.scores.toLocaleString()} <span className="text-xs text-slate-500">on {e.traces.toLocaleString()} traces</span></td>
              <td className="px-3 py-2 tabular-nums" data-testid="with-human">{e.withHumanVerdict.toLocaleString()}</td>
              <td className="px-3 py-2 text-slate-600">{e.sources.join(", ")}</td>
              <td className="px-3 py-2 text-slate-500">{formatTime(e.lastScoredAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
