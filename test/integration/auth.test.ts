import { SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { users } from "../../worker/db/schema";
import { call } from "../support/http";
import { chatTrace } from "../support/otlp";
import { createTestProject, PASSWORD, type TestProject } from "../support/project";

let a: TestProject;
let b: TestProject;
let traceOfB: string;
let queueOfB: string;

beforeAll(async () => {
  [a, b] = await Promise.all([createTestProject(), createTestProject()]);
  const trace = chatTrace();
  traceOfB = trace.traceId;
  await call("/v1/traces", { key: b.ingestKey, json: trace.body });
  queueOfB = (await call<{ id: string }>("/api/v1/queues", { key: b.adminKey, json: { name: "B's queue" } })).body.id;
});

async function login(email: string, password: string, origin = "http://localhost") {
  const form = new URLSearchParams({ email, password });
  return SELF.fetch(`${origin}/login`, {
    method: "POST",
    body: form,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    redirect: "manual",
  });
}

describe("API keys", () => {
  it("rejects a request without a key with 401 and a JSON error", async () => {
    for (const path of ["/v1/traces", "/api/v1/traces", "/api/v1/queues"]) {
      const res = await call<{ error: { code: string } }>(path, { json: {} });
      expect(res.status, path).toBe(401);
      expect(res.body.error.code).toBe("unauthorized");
    }
  });

  it("rejects an unknown key and a malformed Authorization header", async () => {
    expect((await call("/api/v1/traces", { key: "aq_admin_not-a-real-key" })).status).toBe(401);
    const res = await SELF.fetch("http://localhost/api/v1/traces", { headers: { Authorization: "Basic abc" } });
    expect(res.status).toBe(401);
  });

  it("lets an ingest key ingest but not read", async () => {
    const res = await call<{ error: { code: string } }>("/api/v1/traces", { key: a.ingestKey });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
  });

  it("never lets project A's key see project B's trace or queue, and answers as if they did not exist", async () => {
    const foreign = await call<{ error: { message: string } }>(`/api/v1/traces/${traceOfB}`, { key: a.adminKey });
    const missing = await call<{ error: { message: string } }>(`/api/v1/traces/${"f".repeat(32)}`, { key: a.adminKey });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.body.error.message.replace(traceOfB, "ID")).toBe(missing.body.error.message.replace("f".repeat(32), "ID"));

    expect((await call(`/api/v1/queues/${queueOfB}`, { key: a.adminKey })).status).toBe(404);
    expect((await call(`/api/v1/queues/${queueOfB}/items`, { key: a.adminKey, json: { traceIds: [traceOfB] } })).status).toBe(404);
    expect((await call(`/api/v1/queues/${queueOfB}/claim`, { key: a.adminKey, method: "POST" })).status).toBe(404);
    const listed = await call<{ items: { id: string }[] }>("/api/v1/traces", { key: a.adminKey });
    expect(listed.body.items.map((t) => t.id)).not.toContain(traceOfB);
  });

  it("refuses to queue another project's trace in one's own queue", async () => {
    const own = await call<{ id: string }>("/api/v1/queues", { key: a.adminKey, json: { name: "A's queue" } });
    const res = await call<{ error: { code: string } }>(`/api/v1/queues/${own.body.id}/items`, {
      key: a.adminKey,
      json: { traceIds: [traceOfB] },
    });
    expect(res.status).toBe(404);
  });
});

describe("accounts and sessions", () => {
  it("stores salted PBKDF2 hashes, never the password", async () => {
    const rows = await a.db.select().from(users).where(eq(users.email, a.admin.email));
    const other = await a.db.select().from(users).where(eq(users.email, a.reviewer.email));
    expect(rows[0]?.passwordHash).not.toContain(PASSWORD);
    expect(rows[0]?.passwordIterations).toBe(100_000);
    // Same password, different salts, different hashes.
    expect(rows[0]?.passwordHash).not.toBe(other[0]?.passwordHash);
  });

  it("fails a bad login without a session, and signs in a good one with an HttpOnly SameSite=Lax cookie", async () => {
    const bad = await login(a.admin.email, "wrong password");
    expect(bad.status).toBe(200);
    expect(await bad.text()).toContain("Email or password is incorrect.");
    expect(bad.headers.get("Set-Cookie")).toBeNull();
    const unknown = await login("nobody@example.com", PASSWORD);
    expect(unknown.headers.get("Set-Cookie")).toBeNull();

    const good = await login(a.admin.email.toUpperCase(), PASSWORD);
    expect(good.status).toBe(302);
    expect(good.headers.get("Location")).toBe("/queues");
    const cookie = good.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^aq_session=[\w-]+;/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).not.toContain("Secure");
    const secure = await login(a.admin.email, PASSWORD, "https://queues.example.com");
    expect(secure.headers.get("Set-Cookie")).toContain("Secure");
  });

  it("ends the session on logout", async () => {
    const cookie = await a.sessionCookieFor(a.reviewer.id);
    expect((await call("/api/v1/queues", { cookie })).status).toBe(200);
    await SELF.fetch("http://localhost/logout", { method: "POST", headers: { Cookie: cookie }, redirect: "manual" });
    expect((await call("/api/v1/queues", { cookie })).status).toBe(401);
  });

  it("does not let a reviewer create queues or add items", async () => {
    const cookie = await a.sessionCookieFor(a.reviewer.id);
    const res = await call<{ error: { code: string } }>("/api/v1/queues", { cookie, json: { name: "Mine" } });
    expect(res.status).toBe(403);
    const queues = await call<{ items: { name: string }[] }>("/api/v1/queues", { cookie });
    expect(queues.body.items.map((q) => q.name)).not.toContain("Mine");
  });
});
