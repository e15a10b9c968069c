import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call } from "../support/http";
import { chatTrace, otlpBody, otlpSpan, randomTraceId } from "../support/otlp";
import { createTestProject, type TestProject } from "../support/project";
import { flushQueueMirror } from "../support/queue";
import { deliverTraceEvents } from "../support/settle";

// The admin pages as the browser gets them: server-rendered through the Worker with a session cookie, and their
// actions answering JSON posts. (The browser suite, test/e2e/admin-ui.e2e.ts, drives the same pages by hand.)

async function page(path: string, cookie: string, init: RequestInit = {}) {
  const res = await SELF.fetch(`http://localhost${path}`, { ...init, headers: { Cookie: cookie, ...init.headers }, redirect: "manual" });
  return { status: res.status, text: await res.text(), location: res.headers.get("Location") };
}

async function projectWithTrace(): Promise<{ p: TestProject; traceId: string; admin: string; reviewer: string }> {
  const p = await createTestProject();
  const { traceId, body } = chatTrace();
  await call("/v1/traces", { key: p.ingestKey, json: body });
  await deliverTraceEvents(p.projectId, [traceId]);
  return { p, traceId, admin: await p.sessionCookieFor(p.admin.id), reviewer: await p.sessionCookieFor(p.reviewer.id) };
}

/** Remix actions answer a fetcher's JSON post with turbo-stream; the status is what the page acts on. */
async function post(path: string, cookie: string, json: unknown) {
  return page(path, cookie, { method: "POST", body: JSON.stringify(json), headers: { "Content-Type": "application/json" } });
}

describe("admin pages", () => {
  it("render for an admin, with the data they are about", async () => {
    const { traceId, admin } = await projectWithTrace();
    const filter = encodeURIComponent(JSON.stringify({ all: [{ field: "model", op: "equals", value: "gpt-4o-mini" }] }));
    const expectations: [string, string[]][] = [
      ["/queues", ["Annotation Queues", "Jailbreaking", "system"]],
      ["/traces", ["support-turn", "Add every match"]],
      [`/traces?filter=${filter}`, ["support-turn", "1 applied"]],
      [`/traces/${traceId}`, ["Where is my order #1234?", "chat gpt-4o-mini", "Classifier results and scores"]],
      ["/sessions", ["Sessions"]],
      ["/settings/members", ["Ada Admin", "Rui Reviewer"]],
      ["/settings/api-keys", ["ingest", "Create key"]],
      ["/settings/score-configs", ["Verdict", "Jailbreaking"]],
      ["/settings/classifiers", ["Deciding now", "Tool Call Errors"]],
      ["/settings/model-prices", ["gpt-4o-mini"]],
      ["/issues", ["File an issue"]],
      ["/datasets", ["Create a dataset"]],
    ];
    for (const [path, texts] of expectations) {
      const res = await page(path, admin);
      expect(res.status, path).toBe(200);
      for (const text of texts) expect(res.text, `${path} shows ${text}`).toContain(text);
    }
  });

  it("keep settings to admins and send strangers to log in", async () => {
    const { reviewer } = await projectWithTrace();
    expect((await page("/settings/members", reviewer)).status).toBe(403);
    expect((await page("/queues", reviewer)).text).not.toContain("Settings</a>");
    const anonymous = await page("/settings/api-keys", "");
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toContain("/login?next=");
  });

  it("count matching recent traces for the live count, and explain a broken filter", async () => {
    const { admin } = await projectWithTrace();
    const count = async (filter: unknown) => {
      const res = await page(`/resources/filter-count?filter=${encodeURIComponent(JSON.stringify(filter))}`, admin);
      return { status: res.status, body: JSON.parse(res.text) as Record<string, unknown> };
    };
    expect(await count({ all: [{ field: "model", op: "equals", value: "gpt-4o-mini" }] })).toMatchObject({ status: 200, body: { ok: true, matched: 1, total: 1 } });
    expect(await count({ all: [{ field: "model", op: "equals", value: "other" }] })).toMatchObject({ status: 200, body: { ok: true, matched: 0, total: 1 } });
    const broken = await count({ all: [{ field: "durationMs", op: "gt", value: "slow" }] });
    expect(broken).toMatchObject({ status: 400, body: { ok: false, issues: [{ path: "all.0.value", message: "value must be a number" }] } });
  });

  it("create, edit and delete queues through the queue page's action, refusing a system queue's fixed fields", async () => {
    const { p, admin } = await projectWithTrace();
    const invalid = await post("/queues?index", admin, { intent: "create", queue: { name: " ", isLive: true, filter: { all: [{ field: "model", op: "nope" }] } } });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain("name is required");
    const created = await post("/queues?index", admin, { intent: "create", queue: { name: "From the page", isLive: true, samplingPercent: 30, filter: { all: [] } } });
    expect(created.status).toBe(200);
    const queues = await call<{ items: { id: string; name: string; samplingPercent: number; systemKey: string | null }[] }>("/api/v1/queues?limit=200", { key: p.adminKey });
    const mine = queues.body.items.find((q) => q.name === "From the page");
    expect(mine?.samplingPercent).toBe(30);

    const system = queues.body.items.find((q) => q.systemKey === "refusal");
    const renamed = await post("/queues?index", admin, { intent: "update", queueId: system?.id, patch: { name: "Mine now" } });
    expect(renamed.status).toBe(400);
    expect(renamed.text).toContain("cannot be changed");
    const resampled = await post("/queues?index", admin, { intent: "update", queueId: system?.id, patch: { samplingPercent: 40, isLive: false } });
    expect(resampled.status).toBe(200);

    expect((await post("/queues?index", admin, { intent: "delete", queueId: mine?.id })).status).toBe(200);
    const after = await call<{ items: { id: string; samplingPercent: number; isLive: boolean }[] }>("/api/v1/queues?limit=200", { key: p.adminKey });
    expect(after.body.items.some((q) => q.id === mine?.id)).toBe(false);
    expect(after.body.items.find((q) => q.id === system?.id)).toMatchObject({ samplingPercent: 40, isLive: false });
  });

  it("add traces to a queue from the trace dashboard by selection and by every match", async () => {
    const { p, traceId, admin } = await projectWithTrace();
    const other = chatTrace();
    await call("/v1/traces", { key: p.ingestKey, json: other.body });
    await deliverTraceEvents(p.projectId, [other.traceId]);
    const queue = await call<{ id: string }>("/api/v1/queues", { key: p.adminKey, json: { name: "Picks" } });
    const selected = await post("/traces", admin, { intent: "add-selected", queueId: queue.body.id, ids: [traceId] });
    expect(selected.status).toBe(200);
    const every = await post("/traces", admin, { intent: "add-matching", queueId: queue.body.id, filter: { all: [{ field: "model", op: "equals", value: "gpt-4o-mini" }] } });
    expect(every.status).toBe(200);
    const progress = await call<{ total: number }>(`/api/v1/queues/${queue.body.id}/progress`, { key: p.adminKey });
    expect(progress.body.total).toBe(2);
    const reviewer = await p.sessionCookieFor(p.reviewer.id);
    expect((await post("/traces", reviewer, { intent: "add-selected", queueId: queue.body.id, ids: [traceId] })).status).toBe(403);
  });

  it("add sessions to a queue from the session dashboard as their newest traces, by selection and by every match", async () => {
    const { p, admin } = await projectWithTrace();
    const turns = [
      { session: "s-a", model: "gpt-4o", at: 3_000 },
      { session: "s-a", model: "gpt-4o", at: 2_000 },
      { session: "s-b", model: "gpt-4o", at: 1_000 },
      { session: "s-c", model: "claude", at: 500 },
    ].map((t) => ({ ...t, traceId: randomTraceId() }));
    const spans = turns.map((t) =>
      otlpSpan({ traceId: t.traceId, name: `turn ${t.session}`, startMs: Date.now() - 10_000 + t.at, durationMs: 10,
        attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": t.model, "session.id": t.session } }),
    );
    await call("/v1/traces", { key: p.ingestKey, json: otlpBody(spans) });
    await deliverTraceEvents(p.projectId, turns.map((t) => t.traceId));
    const queue = await call<{ id: string }>("/api/v1/queues", { key: p.adminKey, json: { name: "Sessions" } });
    const items = async () => (await call<{ items: { traceId: string }[] }>(`/api/v1/queues/${queue.body.id}/items`, { key: p.adminKey })).body.items.map((i) => i.traceId).sort();
    const newest = (session: string) => turns.filter((t) => t.session === session).sort((a, b) => b.at - a.at)[0]!.traceId;

    expect((await post("/sessions", admin, { intent: "add-selected", queueId: queue.body.id, ids: ["s-a"] })).status).toBe(200);
    const gpt = { all: [{ field: "model", op: "equals", value: "gpt-4o" }] };
    expect((await post("/sessions", admin, { intent: "add-matching", queueId: queue.body.id, filter: gpt })).status).toBe(200);
    await flushQueueMirror(queue.body.id);
    expect(await items()).toEqual([newest("s-a"), newest("s-b")].sort());
    const page = await SELF.fetch(`http://localhost/sessions?filter=${encodeURIComponent(JSON.stringify(gpt))}`, { headers: { Cookie: admin } });
    const html = await page.text();
    expect(html).toContain("s-a");
    expect(html).toContain("s-b");
    expect(html).not.toContain(">s-c<");
  });
});
