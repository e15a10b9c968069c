// How a Workers AI call can fail, sorted by what the consumer does about it (see README.md in this folder).

export type ProviderFailure =
  /** 429: rate limited or out of capacity (codes 3036, 3040). Retried with backoff, then dead-lettered. */
  | "rate_limited"
  /** 5xx or an unexplained failure of the binding. Retried with backoff, then dead-lettered. */
  | "unavailable"
  /** The request itself was refused (4xx: unknown model, request too large, …). Retried, then dead-lettered, so
   *  the trace can be replayed once the configuration is fixed. */
  | "rejected"
  /** No answer in time (our timeout, or codes 3007/3008). Retried; on the last delivery, recorded. */
  | "timeout"
  /** The answer was not JSON, or not the JSON asked for. Retried; on the last delivery, recorded. */
  | "malformed_output"
  /** "JSON Mode couldn't be met": the model could not satisfy the schema. Retried; on the last delivery, recorded. */
  | "json_mode_refused"
  /** The binding is the local simulator's stand-in, which cannot run models: the heuristic provider takes over. */
  | "no_binding";

export class ProviderError extends Error {
  constructor(
    readonly failure: ProviderFailure,
    message: string,
  ) {
    super(message);
    this.name = "ProviderError";
  }

  /** Failures caused by what the model produced for this trace: replaying later would most likely fail again. */
  get isOutputFailure(): boolean {
    return this.failure === "timeout" || this.failure === "malformed_output" || this.failure === "json_mode_refused";
  }
}

// Workers AI's internal error codes (developers.cloudflare.com/workers-ai/platform/errors), which the binding puts
// in the error message, e.g. "3040: Capacity temporarily exceeded, please try again.".
const RATE_LIMIT_CODES = new Set([3036, 3040]);
const TIMEOUT_CODES = new Set([3007, 3008]);
const REJECTED_CODES = new Set([5007, 5004, 3039, 3003, 5018, 5016, 3023, 3041, 5019, 5005, 3042, 3006]);

/** Turns whatever `env.AI.run` threw into a ProviderError. */
export function classifyAiError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  const describe = (what: string) => `${what}: ${message || name || "no message"}`;
  if (name === "AbortError" || name === "TimeoutError") return new ProviderError("timeout", describe("Workers AI timed out"));
  if (/needs to be run remotely/i.test(message)) return new ProviderError("no_binding", describe("Workers AI is not available here"));
  if (/JSON Mode couldn'?t be met/i.test(message)) return new ProviderError("json_mode_refused", describe("the model could not answer in JSON mode"));
  const code = Number(/\b([35]\d{3})\b/.exec(message)?.[1]);
  const status = Number(/\b([45]\d{2})\b/.exec(message)?.[1]);
  if (RATE_LIMIT_CODES.has(code) || status === 429 || /rate limit|too many requests/i.test(message)) {
    return new ProviderError("rate_limited", describe("Workers AI is rate limited"));
  }
  if (TIMEOUT_CODES.has(code) || status === 408) return new ProviderError("timeout", describe("Workers AI timed out"));
  if (REJECTED_CODES.has(code) || (status >= 400 && status < 500)) return new ProviderError("rejected", describe("Workers AI refused the request"));
  return new ProviderError("unavailable", describe("Workers AI failed"));
}
