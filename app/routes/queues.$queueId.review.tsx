import { redirect, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { claimNext } from "../../worker/queues/items";
import { getQueue } from "../../worker/queues/service";
import { ProgressBar } from "~/components/progress-bar";
import { loadOrNotFound } from "~/lib/load.server";
import { db, requireUser } from "~/lib/session.server";

/** Reserves the reviewer's next item and opens it; an exhausted queue shows the done state instead. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const queueId = params.queueId ?? "";
  const claimed = await loadOrNotFound(() => claimNext(db(context), context.cloudflare.env, user, queueId));
  if (claimed) throw redirect(`/queues/${queueId}/items/${claimed.traceId}`);
  return { queue: await loadOrNotFound(() => getQueue(db(context), user, queueId)) };
}

export default function QueueDone() {
  const { queue } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto mt-24 max-w-md text-center" data-testid="queue-done">
      <p className="text-4xl">🎉</p>
      <h1 className="mt-2 text-lg font-semibold">Nothing left for you in {queue.name}</h1>
      <div className="mt-3 flex justify-center"><ProgressBar completed={queue.completedItems} total={queue.totalItems} /></div>
      <Link to="/queues" className="mt-4 inline-block text-indigo-700 underline">Back to queues</Link>
    </div>
  );
}
