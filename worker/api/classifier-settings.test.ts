import { OpenAPIHono } from "@hono/zod-openapi";
import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createTestProject, type TestProject } from "../../test/support/project";
import { DEFAULT_CONFIG, DEFAULTS_VERSION, effectiveConfigs, llmCategoryKeys } from "../classifiers/llm/config";
import { fakeAi } from "../classifiers/llm/fake-ai";
import { recordUsage } from "../classifiers/llm/usage";
import { authenticate } from "./authenticate";
import { classifierSettingsRoutes } from "./classifier-settings";
import type { AppEnv } from "./context";
import { onError } from "./errors";
import { classifierSettingsSchema } from "./openapi/classifier-settings";

// Mounted as worker/api/app.ts would mount it, with the real authentication and error rendering.
const app = new OpenAPIHono<AppEnv>().use("/api/v1/*", authenticate).route("/api/v1/classifier-settings", classifierSettingsRoutes).onError(onError);
const PATH = "/api/v1/classifier-settings";

async function call(project: TestProject, options: { method?: string; json?: unknown; cookie?: string; ai?: unknown } = {}) {
  const headers = new Headers(options.cookie ? { Cookie: options.cookie } : { Authorization: `Bearer ${project.adminKey}` });
  if (options.json !== undefined) headers.set("Content-Type", "application/json");
  const init = { method: options.method ?? "GET", headers, body: options.json === undefined ? undefined : JSON.stringify(options.json) };
  const res = await app.request(PATH, init, { ...env, AI: options.ai }, createExecutionContext());
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("classifier settings API", () => {
  it("shows the defaults, today's spend and the provider, in the documented shape", async () => {
    const project = await createTestProject();
    await recordUsage(project.db, project.projectId, [{ model: "m", inputTokens: 1, outputTokens: 1, costUsd: 0.25 }, { model: "m", inputTokens: 1, outputTokens: 1, costUsd: 0.5 }], Date.now());
    const { status, body } = await call(project);
    expect(status).toBe(200);
    expect(classifierSettingsSchema.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({ provider: "heuristic", llmSamplingPercent: 10, dailyBudgetUsd: 1, paused: false, today: { calls: 2, spentUsd: 0.75 } });
    expect(body["classifiers"]).toHaveLength(llmCategoryKeys.length);
    expect(body["classifiers"]).toContainEqual({ classifier: "refusal", config: DEFAULT_CONFIG, version: `defaults-${DEFAULTS_VERSION}`, source: "defaults" });

    expect((await call(project, { ai: fakeAi(() => ({})) })).body["provider"]).toBe("workers-ai");
  });

  it("lets an admin change sampling and budget, which pauses classification once spend reaches it", async () => {
    const project = await createTestProject();
    await recordUsage(project.db, project.projectId, [{ model: "m", inputTokens: 1, outputTokens: 1, costUsd: 0.3 }], Date.now());
    const { status, body } = await call(project, { method: "PATCH", json: { llmSamplingPercent: 25, dailyBudgetUsd: 0.3 } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ llmSamplingPercent: 25, dailyBudgetUsd: 0.3, paused: true });
    expect((await call(project)).body).toMatchObject({ llmSamplingPercent: 25, paused: true });
  });

  it("versions a category's override, and keeps counting after a reset to the defaults", async () => {
    const project = await createTestProject();
    const override = { ...DEFAULT_CONFIG, threshold: 0.8, secondPassModel: "@cf/meta/llama-3.1-8b-instruct" };
    await call(project, { method: "PATCH", json: { classifiers: { laziness: override } } });
    expect((await effectiveConfigs(project.db, project.projectId)).laziness).toEqual({ config: override, version: "project-1", source: "project" });
    await call(project, { method: "PATCH", json: { classifiers: { laziness: null } } });
    expect((await effectiveConfigs(project.db, project.projectId)).laziness.source).toBe("defaults");
    const { body } = await call(project, { method: "PATCH", json: { classifiers: { laziness: { ...override, threshold: 0.7 } } } });
    expect(body["classifiers"]).toContainEqual({ classifier: "laziness", config: { ...override, threshold: 0.7 }, version: "project-3", source: "project" });
  });

  it("refuses reviewers, out-of-range values and unknown fields", async () => {
    const project = await createTestProject();
    const reviewer = await project.sessionCookieFor(project.reviewer.id);
    expect((await call(project, { cookie: reviewer })).status).toBe(200);
    expect(await call(project, { method: "PATCH", json: { dailyBudgetUsd: 5 }, cookie: reviewer })).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    for (const bad of [{ llmSamplingPercent: 101 }, { dailyBudgetUsd: -1 }, { classifiers: { tool_call_errors: null } }, { classifiers: { refusal: { threshold: 2 } } }, { paused: false }]) {
      expect((await call(project, { method: "PATCH", json: bad })).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await call(project)).body).toMatchObject({ llmSamplingPercent: 10, dailyBudgetUsd: 1 });
  });
});
