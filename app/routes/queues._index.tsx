import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ServiceError } from "../../worker/errors";
import { filterSetSchema } from "../../worker/filters/schema";
import { listMembers } from "../../worker/projects/members";
import { createQueueSchema, updateQueueSchema } from "../../worker/queues/schemas";
import { createQueue, deleteQueue, listQueues, updateQueue, type QueueView } from "../../worker/queues/service";
import { filterSuggestions } from "../../worker/traces/filter-suggestions";
import { systemQueues } from "../../worker/classifiers/catalog";
import { activeProvider } from "../../worker/classifiers/llm/provider";
import { llmControls } from "../../worker/classifiers/llm/settings";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { Pager } from "~/components/pager";
import { ProgressBar } from "~/components/progress-bar";
import { QueueDialog } from "~/components/queues/queue-dialog";
import { EmptyRow, TableHead } from "~/components/table";
import { formAction } from "~/lib/errors.server";
import { db, requireUser } from "~/lib/session.server";

export const meta: MetaFunction = () => [{ title: "Annotation Queues" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const cursor = new URL(request.url).searchParams.get("cursor") ?? undefined;
  const canConfigure = user.role === "admin";
  const [queues, members, suggestions, controls] = await Promise.all([
    listQueues(db(context), user, { cursor, limit: 50 }),
    canConfigure ? listMembers(db(context), user.projectId) : Promise.resolve([]),
    canConfigure ? filterSuggestions(db(context), user) : Promise.resolve({ classifiers: [], evaluations: [] }),
    llmControls(db(context), user.projectId, Date.now()),
  ]);
  // System queue cards say who decides what enters them: rules, or the LLM provider (and whether it is paused).
  const classifiers = { provider: activeProvider(context.cloudflare.env), paused: controls.paused };
  return { queues: { ...queues, items: queues.items.map(editable) }, members, suggestions, canConfigure, classifiers };
}

function editable(queue: QueueView) {
  const filter = filterSetSchema.nullable().safeParse(queue.filter ?? null);
  return {
    ...queue,
    assigneeIds: queue.assignees.map((a) => a.id),
    // A stored filter the current schema no longer accepts opens as "no filter" rather than breaking the page.
    filter: filter.success ? filter.data : null,
  };
}

const queueActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), queue: z.unknown() }),
  z.object({ intent: z.literal("update"), queueId: z.string().min(1), patch: z.unknown() }),
  z.object({ intent: z.literal("delete"), queueId: z.string().min(1) }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  return formAction(async () => {
    if (!request.headers.get("Content-Type")?.includes("application/json")) throw new ServiceError("unsupported_media_type", "send the queue form as JSON");
    const parsed = queueActionSchema.safeParse(await request.json());
    if (!parsed.success) throw ServiceError.fromZod(parsed.error, "request");
    const body = parsed.data;
    const database = db(context);
    const env = context.cloudflare.env;
    if (body.intent === "delete") {
      await deleteQueue(database, user, body.queueId);
      return { ok: true as const };
    }
    if (body.intent === "create") {
      const input = createQueueSchema.safeParse(body.queue);
      if (!input.success) throw ServiceError.fromZod(input.error, "queue");
      await createQueue(database, env, user, input.data);
      return { ok: true as const };
    }
    const patch = updateQueueSchema.safeParse(body.patch);
    if (!patch.success) throw ServiceError.fromZod(patch.error, "queue");
    await updateQueue(database, env, user, body.queueId, patch.data);
    return { ok: true as const };
  });
}

const buttonClass = "rounded px-2 py-1 text-xs font-medium hover:bg-slate-100";

export default function Queues() {
  const { queues, members, suggestions, canConfigure, classifiers } = useLoaderData<typeof loader>();
  const columns = ["Name", "Description", "Progress", "Assignees", "Created", ...(canConfigure ? [{ label: <span className="sr-only">Actions</span> }] : [])];
  return (
    <div className="mx-auto max-w-7xl p-4 lg:p-6">
      <div className="mb-4 flex items-center justify-between">
        <h1 className="text-xl font-semibold">Annotation Queues</h1>
        {canConfigure && (
          <QueueDialog members={members} suggestions={suggestions}
            trigger={<button type="button" className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">Create</button>} />
        )}
      </div>
      <div className="overflow-x-auto rounded-lg bg-white shadow-sm">
        <table className="w-full border-collapse text-sm">
          <TableHead columns={columns} />
          <tbody>
            {queues.items.length === 0 && (
              <EmptyRow columns={columns.length}>No queues yet.{canConfigure && " Create one to start reviewing."}</EmptyRow>
            )}
            {queues.items.map((queue) => (
              <tr key={queue.id} className="border-t border-slate-100 align-top" data-testid="queue-row">
                <td className="px-3 py-2">
                  <Link to={`/queues/${queue.id}`} className="font-medium text-indigo-700 hover:underline">{queue.name}</Link>
                  <span className="ml-2 inline-flex gap-1">
                    {queue.systemKey && <Tag tone="violet">system</Tag>}
                    {queue.systemKey && <DecidedBy systemKey={queue.systemKey} {...classifiers} />}
                    <Tag tone={queue.isLive ? "emerald" : "slate"}>{queue.isLive ? `live · ${queue.samplingPercent}%` : "manual"}</Tag>
                  </span>
                </td>
                <td className="max-w-md px-3 py-2 text-slate-600"><p className="line-clamp-2" title={queue.description}>{queue.description}</p></td>
                <td className="px-3 py-2"><ProgressBar completed={queue.completedItems} total={queue.totalItems} /></td>
                <td className="px-3 py-2 text-slate-600">{queue.assignees.map((a) => a.name).join(", ") || "Anyone"}</td>
                <td className="whitespace-nowrap px-3 py-2 text-slate-600">{new Date(queue.createdAt).toLocaleDateString()}</td>
                {canConfigure && (
                  <td className="whitespace-nowrap px-3 py-2 text-right">
                    <QueueDialog members={members} suggestions={suggestions} queue={queue}
                      trigger={<button type="button" className={`${buttonClass} text-indigo-700`} aria-label={`Edit ${queue.name}`}>Edit</button>} />
                    <DeleteQueue id={queue.id} name={queue.name} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager nextCursor={queues.nextCursor} />
    </div>
  );
}

const tones = { violet: "bg-violet-100 text-violet-800", emerald: "bg-emerald-100 text-emerald-800", slate: "bg-slate-100 text-slate-600", amber: "bg-amber-100 text-amber-900" };

/** Which classifier fills a system queue: deterministic rules, or the LLM provider running now (and if paused). */
function DecidedBy({ systemKey, provider, paused }: { systemKey: string; provider: string; paused: boolean }) {
  const method = systemQueues.find((q) => q.key === systemKey)?.method;
  if (method === "rules") return <Tag tone="slate">rules</Tag>;
  const label = provider === "workers-ai" ? "LLM · Workers AI" : "LLM · heuristic";
  return (
    <span title={paused ? "Today's LLM budget is spent: classification resumes at 00:00 UTC or with a higher budget (Settings)." : undefined}>
      <Tag tone={paused ? "amber" : "slate"}>{paused ? `${label} · paused` : label}</Tag>
    </span>
  );
}

function Tag({ tone, children }: { tone: keyof typeof tones; children: string }) {
  return <span className={`rounded px-1.5 text-xs ${tones[tone]}`}>{children}</span>;
}

function DeleteQueue({ id, name }: { id: string; name: string }) {
  const fetcher = useFetcher<{ ok: true } | { error: string }>();
  const failed = fetcher.data && "error" in fetcher.data ? fetcher.data.error : null;
  return (
    <>
      <ConfirmDialog
        title={`Delete ${name}?`}
        description="The queue disappears from the list and stops taking traces. Its items and every annotation stay."
        confirmLabel="Delete queue"
        busy={fetcher.state !== "idle"}
        onConfirm={() => fetcher.submit({ intent: "delete", queueId: id }, { method: "post", action: "/queues?index", encType: "application/json" })}
        trigger={<button type="button" className={`${buttonClass} text-red-700`} aria-label={`Delete ${name}`}>Delete</button>}
      />
      {failed && <span role="alert" className="block text-xs text-red-700">{failed}</span>}
    </>
  );
}
