import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { itemStatusFilterSchema } from "../../worker/queues/schemas";
import { listItems } from "../../worker/queues/items";
import { getQueue } from "../../worker/queues/service";
import { Pager } from "~/components/pager";
import { PresenceStrip } from "~/components/presence-strip";
import { ProgressBar } from "~/components/progress-bar";
import { usePresence } from "~/lib/use-presence";
import { EmptyRow, TableHead } from "~/components/table";
import { db, requireUser } from "~/lib/session.server";
import { loadOrNotFound } from "~/lib/load.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.queue.name ?? "Queue"} · Annotation Queues` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const search = new URL(request.url).searchParams;
  const status = itemStatusFilterSchema.catch(undefined).parse(search.get("status") ?? undefined);
  return loadOrNotFound(async () => {
    const queue = await getQueue(db(context), user, params.queueId ?? "");
    const items = await listItems(db(context), user, queue.id, { cursor: search.get("cursor") ?? undefined, limit: 50, status });
    return { queue, items, viewerId: user.userId };
  });
}

const statuses = ["all", "pending", "reserved", "completed"] as const;

export default function QueuePage() {
  const { queue, items, viewerId } = useLoaderData<typeof loader>();
  // Progress and who is reviewing, live from the queue's Durable Object; the mirrored counters until it answers.
  const presence = usePresence(queue.id, null);
  const progress = presence?.progress ?? { completed: queue.completedItems, total: queue.totalItems };
  const [params] = useSearchParams();
  const current = params.get("status") ?? "all";
  return (
    <div className="mx-auto max-w-7xl p-4 lg:p-6">
      <nav className="mb-1 text-sm" aria-label="Breadcrumb"><Link to="/queues" className="text-indigo-700 hover:underline">Annotation Queues</Link> /</nav>
      <div className="mb-2 flex flex-wrap items-center gap-4">
        <h1 className="text-xl font-semibold">{queue.name}</h1>
        <span className="flex gap-1 text-xs">
          {queue.systemKey && <span className="rounded bg-violet-100 px-1.5 text-violet-800">system</span>}
          <span className={`rounded px-1.5 ${queue.isLive ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-700"}`}>{queue.isLive ? `live · ${queue.samplingPercent}%` : "manual"}</span>
        </span>
        <ProgressBar completed={progress.completed} total={progress.total} />
        <PresenceStrip presence={presence} selfId={viewerId} traceId={null} />
        <Link to={`/queues/${queue.id}/review`} className="ml-auto rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">
          Start reviewing
        </Link>
      </div>
      {queue.description && <p className="mb-4 text-sm text-slate-600">{queue.description}</p>}
      <nav className="mb-2 flex gap-1 text-sm" aria-label="Filter by status">
        {statuses.map((s) => (
          <Link key={s} to={s === "all" ? "?" : `?status=${s}`} aria-current={s === current ? "page" : undefined}
            className={`rounded px-2 py-1 ${s === current ? "bg-indigo-50 font-medium text-indigo-800" : "text-slate-700 hover:bg-slate-100"}`}>{s}</Link>
        ))}
      </nav>
      <div className="overflow-x-auto rounded-lg bg-white shadow-sm">
      <table className="w-full border-collapse text-sm">
        <TableHead columns={["Trace", "Created", "Status", "Reviewed by"]} />
        <tbody>
          {items.items.length === 0 && <EmptyRow columns={4}>{current === "all" ? "No items yet. Add traces from the trace or session dashboard." : `No ${current} items.`}</EmptyRow>}
          {items.items.map((item) => (
            <tr key={item.traceId} className="border-t border-slate-100" data-testid="item-row">
              <td className="px-3 py-2"><Link to={`/queues/${queue.id}/items/${item.traceId}`} className="text-indigo-700 hover:underline">{item.traceName || item.traceId}</Link></td>
              <td className="px-3 py-2 text-slate-600">{item.traceStartedAt ? new Date(item.traceStartedAt).toLocaleString() : "–"}</td>
              <td className="px-3 py-2"><span className={`rounded px-1.5 text-xs ${item.status === "completed" ? "bg-emerald-100 text-emerald-800" : item.status === "reserved" ? "bg-amber-100 text-amber-900" : "bg-slate-100 text-slate-700"}`}>{item.status}</span></td>
              <td className="px-3 py-2 text-slate-600">{item.reviewedBy.join(", ") || "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <Pager nextCursor={items.nextCursor} />
    </div>
  );
}
