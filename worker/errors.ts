import type { ZodError } from "zod";

export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unsupported_media_type: 415,
  payload_too_large: 413,
  rate_limited: 429,
} as const;
export type ErrorCode = keyof typeof errorStatus;

/** An expected failure a caller can act on; both doors (API and UI) turn it into a clear message. */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get status(): number {
    return errorStatus[this.code];
  }

  static fromZod(error: ZodError, what = "request"): ServiceError {
    const issues = error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const first = issues[0];
    const summary = first ? `${first.path || what}: ${first.message}` : "invalid";
    return new ServiceError("bad_request", `invalid ${what}: ${summary}`, { issues });
  }
}

/** What crosses a Durable Object RPC boundary instead of a thrown error, whose class and fields would be lost. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };

export function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new ServiceError(outcome.code, outcome.message);
  return outcome.value;
}
