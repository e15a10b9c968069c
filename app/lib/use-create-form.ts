import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { FormFailure } from "./form";

/**
 * A form that creates something through a fetcher: it clears itself once the server accepts, and keeps what was
 * typed (with the server's messages per field) when it refuses.
 */
export function useCreateForm<Success extends { ok: true }>() {
  const fetcher = useFetcher<FormFailure | Success>();
  const form = useRef<HTMLFormElement>(null);
  const result = fetcher.data;
  const failure = result && "error" in result ? result : undefined;
  const created = result && "ok" in result ? result : undefined;
  useEffect(() => {
    if (fetcher.state === "idle" && created) form.current?.reset();
  }, [fetcher.state, created]);
  return { fetcher, form, failure, created };
}
