import type { OpenAPIHono, RouteConfig, z } from "@hono/zod-openapi";
import { readJson, readQuery, type AppContext, type AppEnv } from "../context";

/** A route as Hono mounts it: responses typed, no request schemas, so the library adds no validators. */
export type SelfValidated<R extends RouteConfig> = Omit<R, "request"> & { hide: true };

/**
 * Puts the whole route (request schemas included) in the OpenAPI document, and returns it without its request
 * schemas for `app.openapi`. The library's validators would answer differently from ours: a bare 415, "Malformed
 * JSON" without the parser's reason, no 1 MiB limit, and repeated query keys as arrays. readRouteBody and readRouteQuery
 * validate with the very schemas the route declares, so the document and the checks cannot drift apart.
 */
export function documented<R extends RouteConfig>(app: OpenAPIHono<AppEnv>, route: R): SelfValidated<R> {
  const { middleware: _middleware, hide: _hide, ...described } = route;
  app.openAPIRegistry.registerPath(described);
  const { request: _request, ...mounted } = route;
  return { ...mounted, hide: true };
}

interface JsonBodyRoute<S extends z.ZodType> {
  request: { body: { content: { "application/json": { schema: S } } } };
}
interface QueryRoute<S extends z.ZodType> {
  request: { query: S };
}

/** The route's JSON body, read and checked by readJson against the schema the route documents. */
export function readRouteBody<S extends z.ZodType>(c: AppContext, route: JsonBodyRoute<S>, what: string): Promise<z.output<S>> {
  return readJson(c, route.request.body.content["application/json"].schema, what);
}

/** The route's query, checked by readQuery against the schema the route documents. */
export function readRouteQuery<S extends z.ZodType>(c: AppContext, route: QueryRoute<S>): z.output<S> {
  return readQuery(c, route.request.query);
}
