import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { useLoaderData } from "@remix-run/react";
import { ServiceError } from "../../worker/errors";
import { ReviewScreen } from "~/components/review/review-screen";
import { formAction } from "~/lib/errors.server";
import { loadOrNotFound } from "~/lib/load.server";
import { completeItem, loadReview, runReviewIntent } from "~/lib/review.server";
import { requireUser } from "~/lib/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.trace.summary.name ?? "Review"} · ${data?.queue.name ?? ""}` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return loadOrNotFound(() => loadReview(context, user, params.queueId ?? "", params.traceId ?? ""));
}

/** The screen posts JSON for annotations, drafts and datasets; Fully Annotated is a plain form, so it works before scripts load. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const queueId = params.queueId ?? "";
  const traceId = params.traceId ?? "";
  return formAction(async () => {
    if (request.headers.get("Content-Type")?.startsWith("application/json")) {
      const body: unknown = await request.json().catch(() => {
        throw new ServiceError("bad_request", "the request is not valid JSON");
      });
      return runReviewIntent(context, user, queueId, traceId, body);
    }
    const form = await request.formData();
    if (form.get("intent") !== "complete") throw new ServiceError("bad_request", "unknown action");
    return completeItem(context, user, queueId, traceId);
  });
}

export default function ReviewItem() {
  const data = useLoaderData<typeof loader>();
  // A new item starts from a clean screen: no half-written annotation or focus carried over from the last one.
  return <ReviewScreen key={data.trace.summary.id} data={data} />;
}
