import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { SESSION_COOKIE } from "../../auth/sessions";
import type { AppEnv } from "../context";
import { json } from "./common";
import { filterSetDocSchema } from "./filter";
import { tags } from "./tags";

type Document = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;

export const OPENAPI_PATH = "/api/v1/openapi.json";

export const documentRoute = createRoute({
  method: "get",
  path: OPENAPI_PATH,
  tags: [tags.meta.name],
  summary: "This OpenAPI 3.1 document",
  description: "Needs no authentication, so tools can read it before anyone has a key.",
  security: [],
  responses: {
    200: json(
      z
        .looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()).optional() })
        .openapi("OpenAPIDocument", { description: "An OpenAPI 3.1 document (https://spec.openapis.org/oas/v3.1.0)." }),
      "The document.",
    ),
  },
});

/** Components no single route owns: the ways to authenticate, and the FilterSet several bodies embed. */
export function registerSharedComponents(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "A project API key as `Authorization: Bearer <key>`. Ingest keys may only send traces.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: SESSION_COOKIE,
    description: "The browser session a signed-in user gets; the web app uses it.",
  });
  app.openAPIRegistry.register("FilterSet", filterSetDocSchema);
}

// Generating walks every schema; the routes are fixed once the module graph has loaded, so once per isolate.
const documents = new WeakMap<OpenAPIHono<AppEnv>, Document>();

export function openApiDocument(app: OpenAPIHono<AppEnv>): Document {
  const cached = documents.get(app);
  if (cached) return cached;
  const document = app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "Annotation queues API",
      version: "1",
      description:
        "Ingest LLM traces, review them in annotation queues, and read the results. Every error is JSON " +
        "`{error: {code, message, details?}}` with the matching status (OTLP ingest answers in the request's encoding).",
    },
    security: [{ apiKey: [] }, { session: [] }],
    tags: Object.values(tags),
  });
  documents.set(app, document);
  return document;
}
