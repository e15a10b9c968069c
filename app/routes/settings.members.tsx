import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/cloudflare";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { roles } from "../../worker/db/schema";
import { ServiceError } from "../../worker/errors";
import { addProjectMember, changeMemberRole, listProjectMembers, removeMember } from "../../worker/projects/members-service";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { Field, fieldClass, FormMessage, Panel, primaryButton } from "~/components/settings/ui";
import { TableHead } from "~/components/table";
import { formAction } from "~/lib/errors.server";
import type { FormFailure } from "~/lib/form";
import { db, requireUser } from "~/lib/session.server";
import { useCreateForm } from "~/lib/use-create-form";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return { members: await listProjectMembers(db(context), user), me: user.userId };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? "");
  return formAction(async () => {
    switch (text("intent")) {
      case "add": {
        const password = text("password");
        const result = await addProjectMember(db(context), user, { email: text("email"), name: text("name"), role: text("role"), ...(password ? { password } : {}) });
        return { ok: true as const, message: result.created ? `Account created for ${text("email")}; share the first password with them.` : `${text("email")} joined the project.` };
      }
      case "role":
        await changeMemberRole(db(context), user, { userId: text("userId"), role: text("role") });
        return { ok: true as const, message: "Role changed." };
      case "remove":
        await removeMember(db(context), user, text("userId"));
        return { ok: true as const, message: "Member removed." };
      default:
        throw new ServiceError("bad_request", "unknown action");
    }
  });
}

type Result = FormFailure | { ok: true; message: string };

export default function Members() {
  const { members, me } = useLoaderData<typeof loader>();
  return (
    <>
      <Panel title="Members" description="Admins configure queues, keys and settings; reviewers annotate. Changes apply at once.">
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <TableHead columns={["Name", "Email", "Role", { label: <span className="sr-only">Actions</span> }]} />
            <tbody>
              {members.map((m) => <MemberRow key={m.id} member={m} isMe={m.id === me} />)}
            </tbody>
          </table>
        </div>
      </Panel>
      <AddMember />
    </>
  );
}

function MemberRow({ member, isMe }: { member: { id: string; name: string; email: string; role: string }; isMe: boolean }) {
  const fetcher = useFetcher<Result>();
  const failure = fetcher.data && "error" in fetcher.data ? fetcher.data.error : undefined;
  return (
    <tr className="border-t border-slate-100" data-testid="member-row">
      <td className="px-3 py-2 font-medium">{member.name}{isMe && <span className="ml-1 text-xs text-slate-500">(you)</span>}</td>
      <td className="px-3 py-2 text-slate-600">{member.email}</td>
      <td className="px-3 py-2">
        <select aria-label={`Role of ${member.name}`} className={fieldClass} defaultValue={member.role} key={member.role}
          onChange={(e) => fetcher.submit({ intent: "role", userId: member.id, role: e.target.value }, { method: "post" })}>
          {roles.map((r) => <option key={r} value={r}>{r}</option>)}
        </select>
        <FormMessage error={failure} />
      </td>
      <td className="px-3 py-2 text-right">
        <ConfirmDialog
          title={`Remove ${member.name}?`}
          description="They lose access to this project at once and leave the queues they were assigned to. Their annotations stay."
          confirmLabel="Remove member"
          onConfirm={() => fetcher.submit({ intent: "remove", userId: member.id }, { method: "post" })}
          trigger={<button type="button" className="rounded px-2 py-1 text-xs font-medium text-red-700 hover:bg-red-50" aria-label={`Remove ${member.name}`}>Remove</button>}
        />
      </td>
    </tr>
  );
}

function AddMember() {
  const { fetcher, form, failure, created } = useCreateForm<Extract<Result, { ok: true }>>();
  return (
    <Panel title="Add a member" description="Someone with an account joins with it; for someone new, choose a first password to give them.">
      <fetcher.Form method="post" ref={form} className="grid gap-3 sm:grid-cols-2" noValidate>
        <input type="hidden" name="intent" value="add" />
        <Field label="Email" name="email" error={failure?.fields.email}>{(p) => <input {...p} name="email" type="email" required className={fieldClass} />}</Field>
        <Field label="Name" name="name" error={failure?.fields.name}>{(p) => <input {...p} name="name" required className={fieldClass} />}</Field>
        <Field label="Role" name="role" error={failure?.fields.role}>
          {(p) => <select {...p} name="role" defaultValue="reviewer" className={fieldClass}>{roles.map((r) => <option key={r} value={r}>{r}</option>)}</select>}
        </Field>
        <Field label="First password" name="password" error={failure?.fields.password} hint="Only for a new account; at least 8 characters.">
          {(p) => <input {...p} name="password" type="password" autoComplete="new-password" className={fieldClass} />}
        </Field>
        <div className="flex items-center gap-3 sm:col-span-2">
          <button type="submit" className={primaryButton} disabled={fetcher.state !== "idle"}>Add member</button>
          <FormMessage error={failure?.error} success={created?.message} />
        </div>
      </fetcher.Form>
    </Panel>
  );
}
