import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { createAnnotation, listAnnotations, listScoreConfigs } from "../../worker/annotations/service";
import { VERDICT_SCORE } from "../../worker/projects/provision";
import { changeItem, itemNeighbors } from "../../worker/queues/items";
import { getQueue } from "../../worker/queues/service";
import { getTrace } from "../../worker/traces/service";
import { ServiceError } from "../../worker/errors";
import { AnnotationPanel } from "~/components/review/annotation-panel";
import { ConversationView } from "~/components/review/conversation-view";
import { MetadataPanel } from "~/components/review/metadata-panel";
import { ReviewBar } from "~/components/review/review-bar";
import { formAction } from "~/lib/errors.server";
import { loadOrNotFound } from "~/lib/load.server";
import { db, requireUser } from "~/lib/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.trace.summary.name ?? "Review"} · ${data?.queue.name ?? ""}` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const env = context.cloudflare.env;
  return loadOrNotFound(async () => {
    const queue = await getQueue(db(context), user, params.queueId ?? "");
    const traceId = params.traceId ?? "";
    const [trace, annotations, scoreConfigs, position] = await Promise.all([
      getTrace(db(context), user, traceId),
      listAnnotations(db(context), user, traceId),
      listScoreConfigs(db(context), user),
      itemNeighbors(db(context), env, user, queue.id, traceId),
    ]);
    const verdict = scoreConfigs.find((c) => c.name === VERDICT_SCORE && c.type === "boolean") ?? null;
    return { queue, trace, annotations, verdictConfigId: verdict?.id ?? null, position };
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await request.formData();
  const queueId = params.queueId ?? "";
  const traceId = params.traceId ?? "";
  return formAction(async () => {
    if (form.get("intent") === "complete") {
      await changeItem(db(context), context.cloudflare.env, user, queueId, traceId, "complete");
      throw redirect(`/queues/${queueId}/review`);
    }
    const verdict = form.get("verdict");
    if (verdict !== "pass" && verdict !== "fail") throw new ServiceError("bad_request", "choose pass or fail");
    await createAnnotation(db(context), user, {
      traceId,
      queueId,
      scoreConfigId: String(form.get("scoreConfigId") ?? ""),
      value: verdict === "pass",
      comment: String(form.get("comment") ?? ""),
      target: { level: "conversation" },
    });
    return { saved: true };
  });
}

export default function ReviewItem() {
  const { queue, trace, annotations, verdictConfigId, position } = useLoaderData<typeof loader>();
  return (
    <div className="flex h-[calc(100vh-41px)] flex-col">
      <div className="flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-2 text-sm">
        <Link to={`/queues/${queue.id}`} className="text-indigo-700 hover:underline">{queue.name}</Link>
        <span className="text-slate-400">/</span>
        <span className="font-medium">{trace.summary.name || trace.summary.id}</span>
      </div>
      <div className="grid min-h-0 flex-1 grid-cols-[16rem_1fr_22rem]">
        <MetadataPanel summary={trace.summary} />
        <ConversationView messages={trace.conversation} />
        <AnnotationPanel instructions={queue.instructions} annotations={annotations} verdictConfigId={verdictConfigId} />
      </div>
      <ReviewBar queueId={queue.id} {...position} />
    </div>
  );
}
