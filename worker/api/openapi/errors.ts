import { z } from "@hono/zod-openapi";
import { errorStatus, type ErrorCode } from "../../errors";
import { RETRY_AFTER_SECONDS } from "../rate-limit";

// The one error body of the JSON API (worker/api/errors.ts renders it), and the responses that use it.

const errorCodes = [...(Object.keys(errorStatus) as ErrorCode[]), "internal"] as const;

const issueSchema = z.object({
  path: z.string().openapi({ description: "Where in the input, dot-separated (e.g. `traces.0.startedAt`); empty for the whole input." }),
  message: z.string(),
});

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string().openapi({ description: "What went wrong, for a person to read." }),
      details: z
        .object({ issues: z.array(issueSchema).optional().openapi({ description: "Each invalid field, on validation errors." }) })
        .catchall(z.unknown())
        .optional(),
    }),
  })
  .openapi("Error");

/** The failures an operation can answer with; each one's body is the shared error body. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429;

const descriptions: Record<ErrorStatus, string> = {
  400: "Invalid input. On validation errors `details.issues` names each problem.",
  401: "No valid API key or session.",
  403: "The key or user may not do this.",
  404: "Not found in this project.",
  409: "Conflicts with the item's current state.",
  413: "The body is too large.",
  415: "The body is not in a supported media type.",
  429: "Too many requests for this key.",
};

export const retryAfterHeader = {
  "Retry-After": { description: `Seconds to wait before retrying (${RETRY_AFTER_SECONDS}).`, schema: { type: "integer" as const } },
};

const errorContent = { "application/json": { schema: errorBodySchema } };

function errorResponse(status: ErrorStatus) {
  const response = { description: descriptions[status], content: errorContent };
  return status === 429 ? { ...response, headers: retryAfterHeader } : response;
}

/** Every authenticated operation can fail with 401, 403 and 500; callers add what else their input allows. */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  const all: (ErrorStatus | 500)[] = [401, 403, ...statuses, 500];
  return Object.fromEntries(
    all.map((status) => [status, status === 500 ? { description: "Internal error; never carries details.", content: errorContent } : errorResponse(status)]),
  ) as Record<S | 401 | 403 | 500, { description: string; content: typeof errorContent }>;
}
