import { data } from "@remix-run/cloudflare";
import { ServiceError } from "../../worker/errors";

/** Loader helper: a missing or foreign resource becomes a 404 page, a forbidden one a 403. */
export async function loadOrNotFound<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ServiceError) throw data(error.message, { status: error.status });
    throw error;
  }
}
