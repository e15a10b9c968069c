import { z } from "@hono/zod-openapi";

/** The keyset page every list answers with (worker/pagination.ts). */
export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page; null on the last page." }),
    })
    .openapi(name);
}

/** A whole list in one response, for collections that are small by nature. */
export function listOf<T extends z.ZodType>(item: T, name: string) {
  return z.object({ items: z.array(item) }).openapi(name);
}

export const epochMs = (description: string) => z.number().openapi({ description: `${description} (epoch milliseconds).` });

/** A JSON response body: the shape createRoute expects, so handlers are type-checked against it. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A JSON request body. */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return { required: true, ...(description ? { description } : {}), content: { "application/json": { schema } } };
}

const pathParam = (name: string, description: string) => z.string().openapi({ param: { name, in: "path" }, description });

export const queueIdParam = pathParam("queueId", "The queue's id.");
export const traceIdParam = pathParam("traceId", "32 lowercase hex characters, as in OTLP.");
