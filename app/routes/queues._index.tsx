import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { listMembers } from "../../worker/projects/members";
import { createQueueSchema } from "../../worker/queues/schemas";
import { createQueue, listQueues } from "../../worker/queues/service";
import { ServiceError } from "../../worker/errors";
import { CreateQueueDialog } from "~/components/create-queue-dialog";
import { Pager } from "~/components/pager";
import { ProgressBar } from "~/components/progress-bar";
import { EmptyRow, TableHead } from "~/components/table";
import { formAction } from "~/lib/errors.server";
import { db, requireUser } from "~/lib/session.server";

export const meta: MetaFunction = () => [{ title: "Annotation Queues" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const cursor = new URL(request.url).searchParams.get("cursor") ?? undefined;
  const [queues, members] = await Promise.all([
    listQueues(db(context), user, { cursor, limit: 50 }),
    user.role === "admin" ? listMembers(db(context), user.projectId) : Promise.resolve([]),
  ]);
  return { queues, members, canConfigure: user.role === "admin" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await request.formData();
  return formAction(async () => {
    const parsed = createQueueSchema.safeParse({
      name: form.get("name"),
      description: form.get("description") ?? "",
      instructions: form.get("instructions") ?? "",
      assigneeIds: form.getAll("assigneeIds").map(String),
      isLive: form.get("isLive") === "true",
      ...(form.get("isLive") === "true" ? { samplingPercent: Number(form.get("samplingPercent") ?? 10) } : {}),
    });
    if (!parsed.success) throw ServiceError.fromZod(parsed.error, "queue");
    const queue = await createQueue(db(context), context.cloudflare.env, user, parsed.data);
    return { created: queue.id };
  });
}

export default function Queues() {
  const { queues, members, canConfigure } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-6xl p-6">
      <div className="mb-4 flex items-center justify-between">
        <h1 className="text-xl font-semibold">Annotation Queues</h1>
        {canConfigure && <CreateQueueDialog members={members} />}
      </div>
      <table className="w-full border-collapse overflow-hidden rounded-lg bg-white text-sm shadow-sm">
        <TableHead columns={["Name", "Description", "Progress", "Assignees", "Created"]} />
        <tbody>
          {queues.items.length === 0 && (
            <EmptyRow columns={5}>No queues yet.{canConfigure && " Create one to start reviewing."}</EmptyRow>
          )}
          {queues.items.map((queue) => (
            <tr key={queue.id} className="border-t border-slate-100" data-testid="queue-row">
              <td className="px-3 py-2">
                <Link to={`/queues/${queue.id}`} className="font-medium text-indigo-700 hover:underline">{queue.name}</Link>
                <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs text-slate-500">{queue.isLive ? "live" : "manual"}</span>
              </td>
              <td className="px-3 py-2 text-slate-600">{queue.description}</td>
              <td className="px-3 py-2"><ProgressBar completed={queue.completedItems} total={queue.totalItems} /></td>
              <td className="px-3 py-2 text-slate-600">{queue.assignees.map((a) => a.name).join(", ") || "Anyone"}</td>
              <td className="px-3 py-2 text-slate-500">{new Date(queue.createdAt).toLocaleDateString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager nextCursor={queues.nextCursor} />
    </div>
  );
}
