import { data } from "@remix-run/cloudflare";
import { ServiceError } from "../../worker/errors";
import type { FormFailure } from "./form";


/** Runs an action's work; a ServiceError comes back as a form failure the page shows beside its fields. */
export async function formAction<T>(work: () => Promise<T>) {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    const details = error.details as { issues?: { path: string; message: string }[] } | undefined;
    const fields = Object.fromEntries((details?.issues ?? []).map((i) => [i.path, i.message]));
    return data<FormFailure>({ error: error.message, fields }, { status: error.status });
  }
}
