import { SELF, env, runDurableObjectAlarm } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { call, type ApiResponse } from "../support/http";
import { chatTrace } from "../support/otlp";
import { createTestProject, type TestProject } from "../support/project";
import { deliverTraceEvents } from "../support/settle";

// The document's schemas, compiled back into validators, judged against the live endpoints: what the document
// accepts the API accepts, and every response the API gives is one the document describes.

type Content = Record<string, { schema: unknown }>;
interface Operation {
  requestBody?: { content: Content };
  responses: Record<string, { content?: Content }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

let doc: Document;
let defs: Record<string, unknown>;
let project: TestProject;
beforeAll(async () => {
  doc = (await (await SELF.fetch("http://localhost/api/v1/openapi.json")).json()) as Document;
  // zod reads local references from $defs only.
  defs = (JSON.parse(JSON.stringify(doc.components.schemas).replaceAll("#/components/schemas/", "#/$defs/")) as Record<string, unknown>);
  project = await createTestProject();
});

function compile(schema: unknown): z.ZodType {
  const local = JSON.parse(JSON.stringify(schema).replaceAll("#/components/schemas/", "#/$defs/")) as object;
  return z.fromJSONSchema({ ...local, $defs: defs } as z.core.JSONSchema.JSONSchema, { registry: z.registry() });
}

function operation(method: string, path: string): Operation {
  const op = doc.paths[path]?.[method];
  if (!op) throw new Error(`${method} ${path} is not documented`);
  return op;
}

const requestSchema = (method: string, path: string) => compile(operation(method, path).requestBody?.content["application/json"]?.schema);

/** The response's status is documented for the operation, and its JSON body fits that status's schema. */
function expectDocumented(method: string, path: string, res: ApiResponse) {
  const response = operation(method, path).responses[String(res.status)];
  expect(response, `${method} ${path} answered an undocumented ${res.status}`).toBeDefined();
  const schema = response?.content?.["application/json"]?.schema;
  if (!schema) return expect(res.body).toBeNull();
  const parsed = compile(schema).safeParse(res.body);
  expect(parsed.error?.issues ?? [], `${method} ${path} ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`).toEqual([]);
}

/** The document's request schema and the live endpoint agree on each body: accepted means anything but a 400. */
async function expectSameVerdicts(method: string, template: string, url: string, cases: unknown[], auth: { key?: string; cookie?: string }) {
  const schema = requestSchema(method, template);
  for (const body of cases) {
    const res = await call(url, { ...auth, method: method.toUpperCase(), json: body });
    expectDocumented(method, template, res);
    expect({ body, accepted: schema.safeParse(body).success }).toEqual({ body, accepted: res.status !== 400 });
  }
}

async function ingestChats(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { traceId, body } = chatTrace();
    const res = await call("/v1/traces", { key: project.ingestKey, json: body });
    expectDocumented("post", "/v1/traces", res);
    ids.push(traceId);
  }
  await deliverTraceEvents(project.projectId, ids);
  return ids;
}

describe("request schemas in the document accept and reject what the API does", () => {
  it("CreateQueue requires a name and checks every field's range", async () => {
    expect(requestSchema("post", "/api/v1/queues").safeParse({}).success).toBe(false);
    const filter = { all: [{ field: "model", op: "equals", value: "gpt-4o" }] };
    await expectSameVerdicts("post", "/api/v1/queues", "/api/v1/queues", [
      {}, { name: 42 }, { name: "" }, { name: "Q" }, { name: "Q", samplingPercent: 101 }, { name: "Q", reviewersPerItem: 1.5 },
      { name: "Q", leaseSeconds: 10 }, { name: "Q", isLive: "yes" }, { name: "Q", filter: null }, { name: "Q", isLive: true, filter },
    ], { key: project.adminKey });
  });

  it("AddItems takes exactly one of traceIds, sessionIds or filter", async () => {
    const [traceId] = await ingestChats(1);
    const queue = await call<{ id: string }>("/api/v1/queues", { key: project.adminKey, json: { name: "Adds" } });
    await expectSameVerdicts("post", "/api/v1/queues/{queueId}/items", `/api/v1/queues/${queue.body.id}/items`, [
      { traceIds: [] }, { traceIds: ["xyz"] }, { traceIds: [traceId], sessionIds: ["s"] }, { traceIds: [traceId] },
      { sessionIds: ["no-such-session"] }, { filter: { any: [] } }, {},
    ], { key: project.adminKey });
  });

  it("CreateAnnotation, SetModelPrice and CanonicalTraces match too", async () => {
    const [traceId] = await ingestChats(1);
    const configs = await call<{ items: { id: string; name: string }[] }>("/api/v1/score-configs", { key: project.adminKey });
    const verdict = configs.body.items.find((c) => c.name === "Verdict");
    const cookie = await project.sessionCookieFor(project.reviewer.id);
    await expectSameVerdicts("post", "/api/v1/annotations", "/api/v1/annotations", [
      { traceId: "nope", scoreConfigId: verdict?.id, value: true }, { traceId, scoreConfigId: verdict?.id },
      { traceId, scoreConfigId: verdict?.id, value: true, target: { level: "message" } },
      { traceId, scoreConfigId: verdict?.id, value: true, target: { level: "message", messageIndex: 0 } },
    ], { cookie });
    await expectSameVerdicts("put", "/api/v1/model-prices/{model}", "/api/v1/model-prices/my-model", [
      { inputPerMillion: -1, outputPerMillion: 1 }, { inputPerMillion: 1 }, { inputPerMillion: 1, outputPerMillion: 2 },
    ], { key: project.adminKey });
    const trace = { name: "turn", startedAt: "2025-01-01T00:00:00Z", messages: [{ role: "user", content: "hi" }] };
    await expectSameVerdicts("post", "/api/v1/traces", "/api/v1/traces", [
      { traces: [] }, { traces: [{ ...trace, startedAt: "yesterday" }] }, { traces: [{ ...trace, messages: [] }] }, { traces: [trace] },
    ], { key: project.ingestKey });
  });

  it("FilterSet matches the filters the trace list accepts", async () => {
    const schema = compile({ $ref: "#/components/schemas/FilterSet" });
    const filters = [
      { all: [] },
      { any: [{ field: "model", op: "equals", value: "gpt-4o" }, { all: [{ field: "inputTokens", op: "gte", value: 10 }] }] },
      { all: [{ field: "nope", op: "equals", value: "x" }] },
      { all: [{ field: "model", op: "gt", value: 1 }] },
      { all: [{ field: "tags", op: "hasAny", value: ["a"] }, { field: "status", op: "in", value: ["error"] }] },
      { all: [{ field: "status", op: "equals", value: "broken" }] },
    ];
    for (const filter of filters) {
      const res = await call(`/api/v1/traces?filter=${encodeURIComponent(JSON.stringify(filter))}`, { key: project.adminKey });
      expectDocumented("get", "/api/v1/traces", res);
      expect({ filter, accepted: schema.safeParse(filter).success }).toEqual({ filter, accepted: res.status === 200 });
    }
  });
});

describe("every response the API gives fits the document", () => {
  it("over the review flow: traces, queues, items, claims, annotations, prices", async () => {
    const admin = { key: project.adminKey };
    const cookie = await project.sessionCookieFor(project.reviewer.id);
    const ids = await ingestChats(3);
    const [first, second] = ids as [string, string, string];
    const get = async (template: string, url: string, auth: { key?: string; cookie?: string } = admin) =>
      expectDocumented("get", template, await call(url, auth));

    await get("/api/v1/traces", "/api/v1/traces?limit=2");
    await get("/api/v1/traces/{traceId}", `/api/v1/traces/${first}`);
    await get("/api/v1/traces/{traceId}", `/api/v1/traces/${"0".repeat(32)}`);
    await get("/api/v1/sessions", "/api/v1/sessions");
    await get("/api/v1/score-configs", "/api/v1/score-configs", { cookie });
    await get("/api/v1/model-prices", "/api/v1/model-prices");

    const live = await call<{ id: string }>("/api/v1/queues", { ...admin, json: { name: "Live", isLive: true, filter: { all: [] } } });
    expectDocumented("post", "/api/v1/queues", live);
    await get("/api/v1/queues/{queueId}/progress", `/api/v1/queues/${live.body.id}/progress`);

    const queue = await call<{ id: string }>("/api/v1/queues", { ...admin, json: { name: "Manual", reviewersPerItem: 1 } });
    const q = `/api/v1/queues/${queue.body.id}`;
    expectDocumented("patch", "/api/v1/queues/{queueId}", await call(q, { ...admin, method: "PATCH", json: { description: "d" } }));
    expectDocumented("post", "/api/v1/queues/{queueId}/items", await call(`${q}/items`, { ...admin, json: { traceIds: ids } }));
    await get("/api/v1/queues/{queueId}", q);
    await get("/api/v1/queues", "/api/v1/queues");
    await get("/api/v1/queues/{queueId}/progress", `${q}/progress`);

    const claim = await call<{ item: { traceId: string } | null }>(`${q}/claim`, { cookie, method: "POST" });
    expectDocumented("post", "/api/v1/queues/{queueId}/claim", claim);
    const claimed = claim.body.item?.traceId ?? first;
    await get("/api/v1/queues/{queueId}/items/{traceId}/neighbors", `${q}/items/${claimed}/neighbors`, { cookie });
    const configs = await call<{ items: { id: string; name: string }[] }>("/api/v1/score-configs", { cookie });
    const verdict = configs.body.items.find((c) => c.name === "Verdict");
    const annotation = { traceId: claimed, queueId: queue.body.id, scoreConfigId: verdict?.id, value: true, comment: "fine" };
    expectDocumented("post", "/api/v1/annotations", await call("/api/v1/annotations", { cookie, json: annotation }));
    await get("/api/v1/annotations", `/api/v1/annotations?traceId=${claimed}`, { cookie });
    await get("/api/v1/annotations", "/api/v1/annotations");

    const act = async (action: string, traceId: string) =>
      expectDocumented("post", `/api/v1/queues/{queueId}/items/{traceId}/${action}`, await call(`${q}/items/${traceId}/${action}`, { cookie, method: "POST" }));
    await act("complete", claimed);
    await act("complete", claimed);
    await act("reopen", claimed);
    const next = await call<{ item: { traceId: string } | null }>(`${q}/claim`, { cookie, method: "POST" });
    await act("release", next.body.item?.traceId ?? second);

    await runDurableObjectAlarm(env.ANNOTATION_QUEUE.get(env.ANNOTATION_QUEUE.idFromName(queue.body.id)));
    await get("/api/v1/queues/{queueId}/items", `${q}/items?status=pending`);
    await get("/api/v1/queues/{queueId}/items", `${q}/items?status=bogus`);
    expectDocumented("delete", "/api/v1/queues/{queueId}/items/{traceId}", await call(`${q}/items/${second}`, { ...admin, method: "DELETE" }));
    expectDocumented("delete", "/api/v1/queues/{queueId}/items/{traceId}", await call(`${q}/items/${second}`, { ...admin, method: "DELETE" }));
    expectDocumented("delete", "/api/v1/queues/{queueId}", await call(q, { ...admin, method: "DELETE" }));
    await get("/api/v1/queues/{queueId}", q);

    const price = { inputPerMillion: 1, outputPerMillion: 2 };
    expectDocumented("put", "/api/v1/model-prices/{model}", await call("/api/v1/model-prices/acme-1", { ...admin, method: "PUT", json: price }));
    expectDocumented("put", "/api/v1/model-prices/{model}", await call("/api/v1/model-prices/acme-1", { cookie, method: "PUT", json: price }));
    expectDocumented("delete", "/api/v1/model-prices/{model}", await call("/api/v1/model-prices/acme-1", { ...admin, method: "DELETE" }));
  });

  it("for failures: unauthenticated, forbidden, wrong media type, malformed JSON, OTLP errors", async () => {
    await expect(call("/api/v1/queues")).resolves.toSatisfy((res: ApiResponse) => (expectDocumented("get", "/api/v1/queues", res), res.status === 401));
    const asIngest = await call("/api/v1/queues", { key: project.ingestKey, json: { name: "x" } });
    expect(asIngest.status).toBe(403);
    expectDocumented("post", "/api/v1/queues", asIngest);
    const form = await call("/api/v1/queues", { key: project.adminKey, body: "name=x", contentType: "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
    expectDocumented("post", "/api/v1/queues", form);
    const malformed = await call("/api/v1/queues", { key: project.adminKey, body: "{", contentType: "application/json" });
    expect(malformed.status).toBe(400);
    expectDocumented("post", "/api/v1/queues", malformed);
    const badOtlp = await call("/v1/traces", { key: project.ingestKey, body: "{", contentType: "application/json" });
    expect(badOtlp.status).toBe(400);
    expectDocumented("post", "/v1/traces", badOtlp);
    const textOtlp = await call("/v1/traces", { key: project.ingestKey, body: "x", contentType: "text/plain" });
    expect(textOtlp.status).toBe(415);
    expectDocumented("post", "/v1/traces", textOtlp);
  });
});
