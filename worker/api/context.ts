import type { Context } from "hono";
import type { z } from "zod";
import type { Principal } from "../auth/principal";
import type { Database } from "../db/client";
import { ServiceError } from "../errors";

export interface AppEnv {
  Bindings: Env;
  Variables: { principal: Principal; db: Database };
}
export type AppContext = Context<AppEnv>;

const MAX_API_BODY_BYTES = 1024 * 1024;

/** Parses a JSON body against a schema, turning every way it can be wrong into a 4xx that says why. */
export async function readJson<S extends z.ZodType>(c: AppContext, schema: S, what = "body"): Promise<z.infer<S>> {
  const type = c.req.header("Content-Type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    throw new ServiceError("unsupported_media_type", `send the ${what} as application/json (got ${type || "no Content-Type"})`);
  }
  const text = await c.req.text();
  if (text.length > MAX_API_BODY_BYTES) throw new ServiceError("payload_too_large", `the ${what} is over 1 MiB`);
  if (text.trim() === "") throw new ServiceError("bad_request", `the ${what} is empty`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ServiceError("bad_request", `the ${what} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw ServiceError.fromZod(parsed.error, what);
  return parsed.data;
}

export function readQuery<S extends z.ZodType>(c: AppContext, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw ServiceError.fromZod(parsed.error, "query");
  return parsed.data;
}
