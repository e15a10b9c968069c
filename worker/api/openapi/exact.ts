import type { z } from "@hono/zod-openapi";
import type { JSONParsed } from "hono/utils/types";

// Compared as JSON, which is what clients see: Durable Object RPC results, for one, carry a Symbol.dispose.
type Same<A, B> = [JSONParsed<A>] extends [JSONParsed<B>] ? ([JSONParsed<B>] extends [JSONParsed<A>] ? true : false) : false;

/**
 * Returns the schema unchanged, but stops compiling when its output drifts from `T`, the type a service returns:
 * a documented field the service no longer sends, or a field it sends that the document never mentions. This is
 * what keeps response schemas honest, since responses are not validated at run time.
 */
export const describes =
  <T>() =>
  <S extends z.ZodType>(schema: S & (Same<z.output<S>, T> extends true ? unknown : { schemaDoesNotMatch: T })): S =>
    schema;
