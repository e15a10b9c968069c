import { SELF } from "cloudflare:test";
import { and, count, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { annotationQueues, spans } from "../../worker/db/schema";
import { call } from "../support/http";
import { chatTrace } from "../support/otlp";
import { createTestProject, type TestProject } from "../support/project";

let project: TestProject;
beforeAll(async () => {
  project = await createTestProject();
});

async function storedSpans() {
  const [row] = await project.db.select({ n: count() }).from(spans).where(eq(spans.projectId, project.projectId));
  return row?.n;
}
/** Queues the tests tried to create: the project's system queues are there from the start. */
async function storedQueues() {
  const [row] = await project.db
    .select({ n: count() })
    .from(annotationQueues)
    .where(and(eq(annotationQueues.projectId, project.projectId), isNull(annotationQueues.systemKey)));
  return row?.n;
}

type ErrorBody = { error: { code: string; message: string; details?: { issues: { path: string }[] } } };

describe("bad input to POST /v1/traces gets a 4xx JSON error and writes nothing", () => {
  const cases: [string, { body?: string; contentType?: string }, number, RegExp][] = [
    ["malformed JSON", { body: '{"resourceSpans": [', contentType: "application/json" }, 400, /not valid UTF-8 JSON/],
    ["an empty body", { body: "", contentType: "application/json" }, 400, /not valid/],
    ["a wrong content type", { body: JSON.stringify(chatTrace().body), contentType: "text/plain" }, 415, /Content-Type/],
    ["resourceSpans that is not a list", { body: '{"resourceSpans": "x"}', contentType: "application/json" }, 400, /resourceSpans/],
    ["a JSON array", { body: "[]", contentType: "application/json" }, 400, /.+/],
  ];
  for (const [what, request, status, message] of cases) {
    it(`rejects ${what}`, async () => {
      const res = await call<ErrorBody>("/v1/traces", { method: "POST", key: project.ingestKey, ...request });
      expect(res.status).toBe(status);
      expect(res.body.error.message).toMatch(message);
      expect(await storedSpans()).toBe(0);
    });
  }

  it("accepts a gzip body and refuses one that inflates past 20 MiB with 413", async () => {
    const gzip = async (bytes: Uint8Array<ArrayBuffer>) =>
      new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
    const { body } = chatTrace();
    const ok = await fetchGzip(await gzip(new TextEncoder().encode(JSON.stringify(body))));
    expect(ok.status).toBe(200);
    const bomb = await fetchGzip(await gzip(new Uint8Array(21 * 1024 * 1024).fill(32)));
    expect(bomb.status).toBe(413);
    expect(((await bomb.json()) as ErrorBody).error.code).toBe("payload_too_large");
    expect(await storedSpans()).toBe(2);
  });
});

function fetchGzip(body: ArrayBuffer) {
  return SELF.fetch("http://localhost/v1/traces", {
    method: "POST",
    body,
    headers: { "Content-Type": "application/json", "Content-Encoding": "gzip", Authorization: `Bearer ${project.ingestKey}` },
  });
}

describe("bad input to the JSON API gets a 4xx JSON error and writes nothing", () => {
  it("names the missing field when a queue has no name", async () => {
    const res = await call<ErrorBody>("/api/v1/queues", { key: project.adminKey, json: { description: "no name" } });
    expect(res.status).toBe(400);
    expect(res.body.error.details?.issues.map((i) => i.path)).toContain("name");
    expect(await storedQueues()).toBe(0);
  });

  it("rejects wrong types, malformed JSON and the wrong content type", async () => {
    const wrongType = await call<ErrorBody>("/api/v1/queues", { key: project.adminKey, json: { name: 42 } });
    expect(wrongType.status).toBe(400);
    const malformed = await call<ErrorBody>("/api/v1/queues", { key: project.adminKey, body: "{name:", contentType: "application/json" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/not valid JSON/);
    const form = await call<ErrorBody>("/api/v1/queues", { key: project.adminKey, body: "name=x", contentType: "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
    const empty = await call<ErrorBody>("/api/v1/queues", { key: project.adminKey, method: "POST", contentType: "application/json" });
    expect(empty.status).toBe(400);
    expect(await storedQueues()).toBe(0);
  });

  it("rejects malformed trace ids and unknown traces when adding items", async () => {
    const queue = await call<{ id: string }>("/api/v1/queues", { key: project.adminKey, json: { name: "q" } });
    const badId = await call<ErrorBody>(`/api/v1/queues/${queue.body.id}/items`, { key: project.adminKey, json: { traceIds: ["xyz"] } });
    expect(badId.status).toBe(400);
    const unknown = await call<ErrorBody>(`/api/v1/queues/${queue.body.id}/items`, {
      key: project.adminKey,
      json: { traceIds: ["a".repeat(32)] },
    });
    expect(unknown.status).toBe(404);
    const progress = await call<{ total: number }>(`/api/v1/queues/${queue.body.id}/progress`, { key: project.adminKey });
    expect(progress.body.total).toBe(0);
  });

  it("answers an invalid cursor and an unknown route with JSON errors", async () => {
    expect((await call<ErrorBody>("/api/v1/traces?cursor=@@@", { key: project.adminKey })).status).toBe(400);
    const missing = await call<ErrorBody>("/api/v1/nothing-here", { key: project.adminKey });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
  });
});
