import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/cloudflare";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { createProjectApiKey, listApiKeys, revokeApiKey } from "../../worker/auth/api-key-admin";
import { apiKeyScopes } from "../../worker/db/schema";
import { ServiceError } from "../../worker/errors";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { formatTime } from "~/components/format";
import { Field, fieldClass, FormMessage, Panel, primaryButton } from "~/components/settings/ui";
import { EmptyRow, TableHead } from "~/components/table";
import { formAction } from "~/lib/errors.server";
import type { FormFailure } from "~/lib/form";
import { db, requireUser } from "~/lib/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return { keys: await listApiKeys(db(context), user) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? "");
  return formAction(async () => {
    if (text("intent") === "create") {
      const key = await createProjectApiKey(db(context), user, { name: text("name"), scope: text("scope") });
      return { ok: true as const, created: key };
    }
    if (text("intent") === "revoke") {
      await revokeApiKey(db(context), user, text("keyId"));
      return { ok: true as const, created: null };
    }
    throw new ServiceError("bad_request", "unknown action");
  });
}

type Result = FormFailure | { ok: true; created: { id: string; name: string; scope: string; secret: string } | null };

const scopeHelp: Record<string, string> = {
  ingest: "ingest: may only post traces (for exporters)",
  admin: "admin: the whole API, like an admin",
};

export default function ApiKeys() {
  const { keys } = useLoaderData<typeof loader>();
  return (
    <>
      <CreateKey />
      <Panel title="API keys" description="Keys are stored as hashes: a lost secret cannot be shown again, only replaced. A revoked key may work for up to 30 more seconds.">
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <TableHead columns={["Name", "Scope", "Key", "Created", "Status", { label: <span className="sr-only">Actions</span> }]} />
            <tbody>
              {keys.length === 0 && <EmptyRow columns={6}>No keys yet.</EmptyRow>}
              {keys.map((key) => (
                <tr key={key.id} className="border-t border-slate-100" data-testid="api-key-row">
                  <td className="px-3 py-2 font-medium">{key.name}</td>
                  <td className="px-3 py-2">{key.scope}</td>
                  <td className="px-3 py-2 font-mono text-xs text-slate-600">{key.prefix}…</td>
                  <td className="whitespace-nowrap px-3 py-2 text-slate-600">{formatTime(key.createdAt)}</td>
                  <td className="px-3 py-2">{key.revokedAt ? <span className="text-slate-500">revoked {formatTime(key.revokedAt)}</span> : <span className="text-emerald-700">active</span>}</td>
                  <td className="px-3 py-2 text-right">{!key.revokedAt && <RevokeKey id={key.id} name={key.name} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
    </>
  );
}

function RevokeKey({ id, name }: { id: string; name: string }) {
  const fetcher = useFetcher<Result>();
  const failure = fetcher.data && "error" in fetcher.data ? fetcher.data.error : undefined;
  return (
    <>
      <ConfirmDialog
        title={`Revoke ${name}?`}
        description="Exporters and scripts using this key stop working (within 30 seconds). This cannot be undone."
        confirmLabel="Revoke key"
        onConfirm={() => fetcher.submit({ intent: "revoke", keyId: id }, { method: "post" })}
        trigger={<button type="button" className="rounded px-2 py-1 text-xs font-medium text-red-700 hover:bg-red-50" aria-label={`Revoke ${name}`}>Revoke</button>}
      />
      <FormMessage error={failure} />
    </>
  );
}

function CreateKey() {
  const fetcher = useFetcher<Result>();
  const form = useRef<HTMLFormElement>(null);
  const result = fetcher.data;
  const failure = result && "error" in result ? result : undefined;
  const created = result && "ok" in result ? result.created : null;
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (fetcher.state === "idle" && created) {
      form.current?.reset();
      setCopied(false);
    }
  }, [fetcher.state, created]);
  return (
    <Panel title="Create an API key">
      <fetcher.Form method="post" ref={form} className="flex flex-wrap items-end gap-3" noValidate>
        <input type="hidden" name="intent" value="create" />
        <Field label="Key name" name="key-name" error={failure?.fields.name}>{(p) => <input {...p} name="name" required placeholder="Production exporter" className={fieldClass} />}</Field>
        <Field label="Scope" name="scope" error={failure?.fields.scope}>
          {(p) => <select {...p} name="scope" defaultValue="ingest" className={fieldClass}>{apiKeyScopes.map((s) => <option key={s} value={s}>{scopeHelp[s] ?? s}</option>)}</select>}
        </Field>
        <button type="submit" className={primaryButton} disabled={fetcher.state !== "idle"}>Create key</button>
        <FormMessage error={failure?.error} />
      </fetcher.Form>
      {created && (
        <div role="status" className="mt-3 rounded border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="new-key">
          <p className="mb-1 font-medium">Copy the secret of “{created.name}” now: it will not be shown again.</p>
          <div className="flex items-center gap-2">
            <code className="break-all rounded bg-white px-2 py-1 font-mono text-xs" data-testid="new-key-secret">{created.secret}</code>
            <button type="button" className="rounded border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-50"
              onClick={() => navigator.clipboard.writeText(created.secret).then(() => setCopied(true), () => setCopied(false))}>
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
        </div>
      )}
    </Panel>
  );
}
