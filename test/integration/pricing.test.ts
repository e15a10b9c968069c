import { describe, expect, it } from "vitest";
import { call } from "../support/http";
import { chatTrace } from "../support/otlp";
import { createTestProject, type TestProject } from "../support/project";
import { deliverTraceEvents } from "../support/settle";

async function costOf(project: TestProject, traceId: string): Promise<number | null> {
  await deliverTraceEvents(project.projectId, [traceId]);
  const { body } = await call<{ summary: { cost: number | null } }>(`/api/v1/traces/${traceId}`, { key: project.adminKey });
  return body.summary.cost;
}

describe("trace cost", () => {
  it("prices tokens with the built-in table, then with the project's own price once an admin sets one", async () => {
    const project = await createTestProject();
    const before = chatTrace(); // gpt-4o-mini, 42 input and 7 output tokens
    await call("/v1/traces", { key: project.ingestKey, json: before.body });
    expect(await costOf(project, before.traceId)).toBeCloseTo((42 * 0.15 + 7 * 0.6) / 1e6, 12);

    const set = await call("/api/v1/model-prices/gpt-4o-mini", { key: project.adminKey, method: "PUT", json: { inputPerMillion: 1, outputPerMillion: 2 } });
    expect(set.status).toBe(200);
    const after = chatTrace();
    await call("/v1/traces", { key: project.ingestKey, json: after.body });
    expect(await costOf(project, after.traceId)).toBeCloseTo((42 * 1 + 7 * 2) / 1e6, 12);

    const listed = await call<{ items: { model: string; source: string; inputPerMillion: number }[] }>("/api/v1/model-prices", { key: project.adminKey });
    expect(listed.body.items.find((p) => p.model === "gpt-4o-mini")).toMatchObject({ source: "project", inputPerMillion: 1 });
  });

  it("keeps the exporter's own cost, and leaves cost empty for a model nobody priced", async () => {
    const project = await createTestProject();
    const [priced, unknown] = ["aa", "bb"].map((c) => c.repeat(16));
    const trace = (id: string, extra: object) => ({ id, name: "t", startedAt: Date.now(), model: "house-model-7", inputTokens: 10, outputTokens: 5, messages: [{ role: "user", content: "hi" }], ...extra });
    await call("/api/v1/traces", { key: project.ingestKey, json: { traces: [trace(priced!, { cost: 0.25 }), trace(unknown!, {})] } });
    expect(await costOf(project, priced!)).toBe(0.25);
    expect(await costOf(project, unknown!)).toBeNull();
  });

  it("lets only admins change prices, with validated values", async () => {
    const project = await createTestProject();
    const reviewer = await project.sessionCookieFor(project.reviewer.id);
    expect((await call("/api/v1/model-prices/x", { cookie: reviewer, method: "PUT", json: { inputPerMillion: 1, outputPerMillion: 1 } })).status).toBe(403);
    expect((await call("/api/v1/model-prices/x", { key: project.adminKey, method: "PUT", json: { inputPerMillion: -1, outputPerMillion: 1 } })).status).toBe(400);
  });
});
