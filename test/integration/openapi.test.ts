import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api } from "../../worker/api/app";
import { call } from "../support/http";
import { createTestProject } from "../support/project";

interface Operation {
  tags?: string[];
  summary?: string;
  security?: unknown[];
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema: unknown }> }>;
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  tags: { name: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, Record<string, string>> };
}

// Every route the app serves, written out so a route that drops out of the document (or a documented one that
// is not served) fails here. "design" marks the paths DESIGN.md's public contract lists.
const served: [method: string, path: string, source: "design" | "extra"][] = [
  ["post", "/v1/traces", "design"],
  ["post", "/api/v1/traces", "design"],
  ["get", "/api/v1/traces", "design"],
  ["get", "/api/v1/traces/{traceId}", "design"],
  ["get", "/api/v1/sessions", "design"],
  ["get", "/api/v1/queues", "design"],
  ["post", "/api/v1/queues", "design"],
  ["get", "/api/v1/queues/{queueId}", "design"],
  ["patch", "/api/v1/queues/{queueId}", "design"],
  ["delete", "/api/v1/queues/{queueId}", "design"],
  ["get", "/api/v1/queues/{queueId}/items", "design"],
  ["post", "/api/v1/queues/{queueId}/items", "design"],
  ["delete", "/api/v1/queues/{queueId}/items/{traceId}", "design"],
  ["post", "/api/v1/queues/{queueId}/claim", "design"],
  ["post", "/api/v1/queues/{queueId}/items/{traceId}/complete", "design"],
  ["post", "/api/v1/queues/{queueId}/items/{traceId}/release", "design"],
  ["post", "/api/v1/queues/{queueId}/items/{traceId}/reopen", "design"],
  ["get", "/api/v1/queues/{queueId}/progress", "design"],
  ["get", "/api/v1/annotations", "design"],
  ["post", "/api/v1/annotations", "design"],
  ["get", "/api/v1/score-configs", "design"],
  ["post", "/api/v1/score-configs", "design"],
  ["get", "/api/v1/queues/{queueId}/items/{traceId}/neighbors", "extra"],
  ["get", "/api/v1/queues/{queueId}/presence", "extra"],
  ["get", "/api/v1/classifier-settings", "extra"],
  ["post", "/api/v1/scores", "design"],
  ["get", "/api/v1/issues", "design"],
  ["post", "/api/v1/issues", "design"],
  ["get", "/api/v1/datasets", "design"],
  ["post", "/api/v1/datasets", "design"],
  ["post", "/api/v1/datasets/{datasetId}/items", "design"],
  ["get", "/api/v1/datasets/{datasetId}/export", "design"],
  ["patch", "/api/v1/annotations/{annotationId}", "extra"],
  ["post", "/api/v1/annotations/{annotationId}/accept", "extra"],
  ["post", "/api/v1/annotations/{annotationId}/reject", "extra"],
  ["get", "/api/v1/evaluations/{name}/alignment", "design"],
  ["get", "/api/v1/evaluations", "extra"],
  ["get", "/api/v1/reviewer-agreement", "extra"],
  ["patch", "/api/v1/classifier-settings", "extra"],
  ["get", "/api/v1/model-prices", "extra"],
  ["put", "/api/v1/model-prices/{model}", "extra"],
  ["delete", "/api/v1/model-prices/{model}", "extra"],
  ["get", "/api/v1/openapi.json", "extra"],
];


const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
const operations = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ method, path, op })));

let doc: Document;
beforeAll(async () => {
  const res = await SELF.fetch("http://localhost/api/v1/openapi.json");
  expect(res.status).toBe(200);
  doc = (await res.json()) as Document;
});

describe("GET /api/v1/openapi.json", () => {
  it("is served without authentication, as JSON, and is OpenAPI 3.1", async () => {
    const res = await SELF.fetch("http://localhost/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: expect.any(String), version: "1" });
    // Everything else under /api/v1 still needs a key.
    expect((await call("/api/v1/queues")).status).toBe(401);
  });

  it("documents exactly the routes the app serves", () => {
    const documented = operations(doc).map(({ method, path }) => key(method, path));
    expect(documented.sort()).toEqual(served.map(([method, path]) => key(method, path)).sort());
  });

  it("has no route Hono serves that the document leaves out", () => {
    const mounted = api.routes
      .filter((route) => route.method !== "ALL")
      .map((route) => key(route.method, route.path.replace(/:(\w+)/g, "{$1}")));
    expect([...new Set(mounted)].sort()).toEqual(served.map(([method, path]) => key(method, path)).sort());
  });

  it("gives every operation a tag, a summary, a success response and the shared error body", () => {
    const tagNames = doc.tags.map((t) => t.name);
    for (const { method, path, op } of operations(doc)) {
      const where = key(method, path);
      expect(op.summary, where).toBeTruthy();
      expect(op.tags?.every((t) => tagNames.includes(t)) && op.tags.length > 0, where).toBe(true);
      // The presence WebSocket succeeds by switching protocols.
      expect(Object.keys(op.responses).some((status) => status.startsWith("2") || status === "101"), where).toBe(true);
      if (path === "/api/v1/openapi.json") continue;
      for (const status of ["401", "403", "500"]) expect(op.responses[status], `${where} ${status}`).toBeDefined();
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        const schema = response.content?.["application/json"]?.schema;
        expect(schema, `${where} ${status}`).toEqual({ $ref: expect.stringMatching(/^#\/components\/schemas\/(Error|OtlpError)$/) });
      }
    }
    expect(doc.components.schemas.OtlpError).toMatchObject({ allOf: [{ $ref: "#/components/schemas/Error" }, expect.anything()] });
  });

  it("says how to retry a rate-limited ingest, and that OTLP takes JSON or protobuf", () => {
    for (const path of ["/v1/traces", "/api/v1/traces"]) {
      expect(doc.paths[path]?.post?.responses["429"]?.headers).toHaveProperty("Retry-After");
    }
    const otlp = doc.paths["/v1/traces"]?.post as Operation & { requestBody: { content: Record<string, unknown> } };
    expect(Object.keys(otlp.requestBody.content).sort()).toEqual(["application/json", "application/x-protobuf"]);
    expect(Object.keys(otlp.responses).sort()).toEqual(["200", "400", "401", "403", "413", "415", "429", "500"]);
    expect(Object.keys(otlp.responses["200"]?.content ?? {}).sort()).toEqual(["application/json", "application/x-protobuf"]);
  });

  it("declares bearer API keys and the session cookie, and exempts only itself", async () => {
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.securitySchemes.session).toMatchObject({ type: "apiKey", in: "cookie", name: "aq_session" });
    expect(doc.security).toEqual([{ apiKey: [] }, { session: [] }]);
    for (const { method, path, op } of operations(doc)) {
      expect(op.security, key(method, path)).toEqual(path === "/api/v1/openapi.json" ? [] : undefined);
    }
    // And both schemes work as documented.
    const project = await createTestProject();
    expect((await call("/api/v1/score-configs", { key: project.adminKey })).status).toBe(200);
    expect((await call("/api/v1/score-configs", { cookie: await project.sessionCookieFor(project.reviewer.id) })).status).toBe(200);
  });

  it("names the resources' schemas", () => {
    const names = Object.keys(doc.components.schemas);
    for (const name of [
      "Error", "TraceSummary", "TraceDetail", "TracePage", "Session", "SessionPage", "Queue", "QueuePage", "QueueItem",
      "QueueItemPage", "QueueProgress", "Neighbors", "ClaimResult", "AddItemsResult", "Annotation", "CreatedAnnotation",
      "ScoreConfig", "ModelPrice", "FilterSet", "CreateQueue", "UpdateQueue", "AddItems", "CreateAnnotation",
      "CanonicalTraces", "SetModelPrice",
    ]) {
      expect(names, name).toContain(name);
    }
    expect(doc.components.schemas.CreateQueue).toMatchObject({ type: "object", required: ["name"] });
    // zod-to-openapi writes `null` into a component used as nullable somewhere, which would make it nullable
    // everywhere: nullable fields must use unnamed schemas.
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      expect([(schema as { type?: string | string[] }).type].flat(), name).not.toContain("null");
    }
  });
});
