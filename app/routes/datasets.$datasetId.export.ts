import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { exportQuerySchema } from "../../worker/datasets/schemas";
import { exportDataset } from "../../worker/datasets/export";
import { loadOrNotFound } from "~/lib/load.server";
import { db, requireUser } from "~/lib/session.server";

// The datasets page's export links: the same streamed export as GET /api/v1/datasets/{id}/export, for the
// signed-in browser session.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const query = exportQuerySchema.catch({ format: "jsonl" }).parse({ format: new URL(request.url).searchParams.get("format") ?? undefined });
  return loadOrNotFound(async () => {
    const file = await exportDataset(db(context), user, params.datasetId ?? "", query.format);
    return new Response(file.body, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.filename}"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
