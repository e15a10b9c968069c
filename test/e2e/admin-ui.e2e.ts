import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it, onTestFailed } from "vitest";
import { DEMO_ADMIN, DEMO_PASSWORD } from "../../scripts/seed";
import { otlpBody, otlpSpan, randomTraceId } from "../support/otlp";
import { launchBrowser, logIn } from "./browser";

// The admin half of issue 6, in a real browser against the running app: live queue with filters and sampling
// (traces then flow in over OTLP), a system queue's fixed fields, adding traces from the dashboard by selection
// and by "every match", an API key shown once, score configs, and a screenshot of every admin screen.

const baseUrl = inject("baseUrl");
const SCREENS = "test-output/screens";
// Names carry a per-run tag, so the suite also passes against an app that has seen an earlier run.
const RUN = Date.now().toString(36);
const LIVE_QUEUE = `Live refunds ${RUN}`;
const MANUAL_QUEUE = `Manual picks ${RUN}`;
const PREFIX = `e2e-${RUN}-`;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(SCREENS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function adminPage(): Promise<Page & { errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 850 } });
  // Fail an action after 10 s with the locator it waited for, well inside the test's own timeout.
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  onTestFailed(async ({ task }) => {
    await page.screenshot({ path: `${SCREENS}/failed-${task.name.slice(0, 40).replace(/\W+/g, "-")}.png`, fullPage: true }).catch(() => undefined);
    console.error(`page at failure: ${page.url()}\n${(await page.locator("body").innerText().catch(() => "")).slice(0, 2000)}`);
  });
  await logIn(page, baseUrl, DEMO_ADMIN.email, DEMO_PASSWORD);
  return Object.assign(page, { errors });
}

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, { ...init, headers: { Authorization: `Bearer ${inject("adminKey")}`, "Content-Type": "application/json", ...init.headers } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

type QueueJson = { id: string; name: string; isLive: boolean; samplingPercent: number; filter: unknown; description: string; assignees: { name: string }[] };
const queueNamed = async (name: string) => (await api<{ items: QueueJson[] }>("/api/v1/queues?limit=200")).items.find((q) => q.name === name);
const progressOf = async (id: string) => api<{ total: number }>(`/api/v1/queues/${id}/progress`);

async function reloaded<T>(page: Page, read: () => Promise<T>): Promise<T> {
  await page.reload();
  return read();
}

/** One-span GenAI traces over OTLP/HTTP JSON, the way an exporter sends them. */
async function ingest(traces: { name: string; model: string }[]): Promise<string[]> {
  const ids = traces.map(() => randomTraceId());
  const spans = traces.map((t, i) =>
    otlpSpan({
      traceId: ids[i]!,
      name: t.name,
      startMs: Date.now() - 2_000,
      durationMs: 800,
      attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": t.model, "gen_ai.response.model": t.model, "session.id": `e2e-session-${i}` },
    }),
  );
  const res = await fetch(`${baseUrl}/v1/traces`, {
    method: "POST",
    headers: { Authorization: `Bearer ${inject("ingestKey")}`, "Content-Type": "application/json" },
    body: JSON.stringify(otlpBody(spans)),
  });
  expect(res.status).toBe(200);
  return ids;
}

it("creates a live queue with filters and sampling from the dialog, keeps what was typed on errors, and traces flow in", async () => {
  const page = await adminPage();
  await page.getByRole("button", { name: "Create", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Description").fill("Refund conversations on the big models");
  await dialog.getByLabel("Make this queue live").check();
  expect(await dialog.getByTestId("sampling-value").textContent()).toBe("10%");
  await dialog.getByRole("slider", { name: "Sampling percent" }).press("End");
  expect(await dialog.getByTestId("sampling-value").textContent()).toBe("100%");

  // Name starts with the run's prefix AND (model is gpt-4o OR model is claude-3-5-haiku) AND duration > 0.
  await dialog.getByRole("button", { name: "+ Add filter", exact: true }).click();
  await dialog.getByLabel("Filter 1 field", { exact: true }).selectOption({ label: "Name" });
  await dialog.getByLabel("Filter 1 operator", { exact: true }).selectOption({ label: "starts with" });
  await dialog.getByLabel("Filter 1 value", { exact: true }).fill(PREFIX);
  await dialog.getByRole("button", { name: "+ Add group", exact: true }).click();
  for (const [i, model] of ["gpt-4o", "claude-3-5-haiku"].entries()) {
    await dialog.getByRole("button", { name: "+ Add filter to group 2", exact: true }).click();
    await dialog.getByLabel(`Filter 2.${i + 1} field`, { exact: true }).selectOption({ label: "Model" });
    await dialog.getByLabel(`Filter 2.${i + 1} value`, { exact: true }).fill(model);
  }
  await dialog.getByRole("button", { name: "+ Add filter", exact: true }).click();
  await dialog.getByLabel("Filter 3 field", { exact: true }).selectOption({ label: "Duration (ms)" });
  await dialog.getByLabel("Filter 3 operator", { exact: true }).selectOption({ label: ">" });
  // A blank number is reported when the admin tries to submit, a wrong one as soon as it is typed; either blocks the submit.
  await dialog.getByRole("button", { name: "Create queue" }).click();
  await expect.poll(() => dialog.getByTestId("filter-issue").textContent(), { timeout: 5_000 }).toBe("value is required");
  await dialog.getByLabel("Filter 3 value", { exact: true }).fill("slow");
  await expect.poll(() => dialog.getByTestId("filter-issue").textContent(), { timeout: 5_000 }).toBe("value must be a number");
  expect(await dialog.getByTestId("filter-count").textContent()).toContain("Fix the highlighted filters");
  await dialog.getByLabel("Filter 3 value", { exact: true }).fill("0");
  expect(await dialog.getByTestId("filter-issue").count()).toBe(0);
  await expect.poll(() => dialog.getByTestId("filter-count").textContent(), { timeout: 10_000 }).toMatch(/^\d+ of \d+ traces from the last 7 days match · about \d+ at 100% sampling$/);
  await page.screenshot({ path: `${SCREENS}/queue-create-dialog.png`, fullPage: true });

  // No name: the server refuses, the message sits beside the field, and nothing typed is lost.
  await dialog.getByRole("button", { name: "Create queue" }).click();
  await expect.poll(() => dialog.locator("#name-error").textContent(), { timeout: 10_000 }).toContain("name is required");
  expect(await dialog.getByLabel("Description").inputValue()).toBe("Refund conversations on the big models");
  expect(await dialog.getByLabel("Filter 2.2 value", { exact: true }).inputValue()).toBe("claude-3-5-haiku");
  await dialog.getByLabel("Name", { exact: true }).fill(LIVE_QUEUE);
  await dialog.getByRole("button", { name: "Create queue" }).click();
  await expect.poll(() => dialog.count()).toBe(0);
  const row = page.getByTestId("queue-row").filter({ hasText: LIVE_QUEUE });
  await expect.poll(() => row.textContent()).toContain("live · 100%");

  const queue = await queueNamed(LIVE_QUEUE);
  expect(queue).toMatchObject({
    isLive: true,
    samplingPercent: 100,
    filter: {
      all: [
        { field: "name", op: "startsWith", value: PREFIX },
        { any: [{ field: "model", op: "equals", value: "gpt-4o" }, { field: "model", op: "equals", value: "claude-3-5-haiku" }] },
        { field: "durationMs", op: "gt", value: 0 },
      ],
    },
  });

  const matching = await ingest([
    { name: `${PREFIX}1`, model: "gpt-4o" },
    { name: `${PREFIX}2`, model: "claude-3-5-haiku" },
    { name: `${PREFIX}3`, model: "gpt-4o" },
  ]);
  await ingest([{ name: `${PREFIX}4`, model: "llama-3.1-8b-instruct" }, { name: "other", model: "gpt-4o" }]);
  await expect.poll(async () => (await progressOf(queue!.id)).total, { timeout: 45_000, interval: 1_000 }).toBe(matching.length);
  // Lists read the D1 mirror, which the queue's Durable Object updates a moment later: reload until it has.
  await expect.poll(async () => reloaded(page, () => row.getByTestId("progress-text").textContent()), { timeout: 15_000 }).toContain(`0/${matching.length}`);
  await page.screenshot({ path: `${SCREENS}/queues.png`, fullPage: true });
  await row.getByRole("link", { name: LIVE_QUEUE }).click();
  await page.waitForURL(/\/queues\/[^/]+$/);
  await expect.poll(async () => reloaded(page, () => page.getByTestId("item-row").count()), { timeout: 15_000 }).toBe(matching.length);
  await page.screenshot({ path: `${SCREENS}/queue-items.png`, fullPage: true });
  expect(page.errors).toEqual([]);
}, 120_000);

it("edits a system queue: its fixed fields are read-only, staffing and sampling change", async () => {
  const page = await adminPage();
  await page.getByRole("button", { name: "Edit Jailbreaking" }).click();
  const dialog = page.getByRole("dialog");
  for (const label of ["Name", "Description", "Instructions"]) {
    expect(await dialog.getByLabel(label, { exact: true }).isEditable()).toBe(false);
  }
  expect(await dialog.getByTestId("fixed-filter").textContent()).toContain("jailbreaking");
  expect(await dialog.getByTestId("filter-builder").count()).toBe(0);
  await dialog.getByLabel("Sampling percent (exact)").fill("50");
  await dialog.getByLabel(/Rui Reviewer/).check();
  await page.screenshot({ path: `${SCREENS}/queue-edit-system.png`, fullPage: true });
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect.poll(() => dialog.count()).toBe(0);
  const row = page.getByTestId("queue-row").filter({ hasText: "Jailbreaking" });
  await expect.poll(() => row.textContent()).toContain("live · 50%");
  expect(await row.textContent()).toContain("Rui Reviewer");
  const saved = await queueNamed("Jailbreaking");
  expect(saved).toMatchObject({ samplingPercent: 50, isLive: true, filter: { all: [{ field: "flag", classifier: "jailbreaking", op: "flagged" }] } });
  expect(saved?.description).toMatch(/^Detects attempts to bypass/);
});

it("adds traces to a manual queue from the trace dashboard, by selection and by every match", async () => {
  const page = await adminPage();
  await page.getByRole("button", { name: "Create", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name", { exact: true }).fill(MANUAL_QUEUE);
  await dialog.getByRole("button", { name: "Create queue" }).click();
  await expect.poll(() => dialog.count()).toBe(0);
  const queue = await queueNamed(MANUAL_QUEUE);

  await page.getByRole("link", { name: "Traces", exact: true }).click();
  await page.getByText("Filters", { exact: true }).click();
  await page.getByRole("button", { name: "+ Add filter", exact: true }).click();
  await page.getByLabel("Filter 1 field", { exact: true }).selectOption({ label: "Name" });
  await page.getByLabel("Filter 1 operator", { exact: true }).selectOption({ label: "starts with" });
  await page.getByLabel("Filter 1 value", { exact: true }).fill(PREFIX);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await page.waitForURL(/filter=/);
  const rows = page.getByTestId("trace-row");
  await expect.poll(() => rows.count()).toBe(4);
  const names = await rows.locator("td:nth-child(2)").allTextContents();
  expect(names.every((name) => name.startsWith(PREFIX))).toBe(true);

  await page.getByRole("button", { name: "Columns" }).click();
  await page.getByRole("checkbox", { name: "Environment" }).check();
  await page.waitForURL(/cols=/);
  await page.keyboard.press("Escape");
  await expect.poll(() => page.locator("thead").textContent()).toContain("Environment");

  await page.getByLabel("Queue", { exact: true }).selectOption({ label: MANUAL_QUEUE });
  await rows.getByRole("checkbox").nth(0).check();
  await rows.getByRole("checkbox").nth(1).check();
  await page.getByRole("button", { name: "Add 2 selected to queue" }).click();
  await expect.poll(() => page.getByTestId("add-result").textContent()).toContain(`Added 2 new of 2 traces to ${MANUAL_QUEUE}`);
  await page.screenshot({ path: `${SCREENS}/traces.png`, fullPage: true });

  await page.getByRole("button", { name: "Add every match" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Add every match" }).click();
  await expect.poll(() => page.getByTestId("add-result").textContent()).toContain(`Added 2 new of 4 traces to ${MANUAL_QUEUE}; it now holds 4`);
  expect((await progressOf(queue!.id)).total).toBe(4);

  await rows.getByRole("link").first().click();
  await page.waitForURL(/\/traces\/[0-9a-f]{32}$/);
  await expect.poll(() => page.getByTestId("span-row").count()).toBeGreaterThan(0);
  expect(await page.getByRole("region", { name: "Queues" }).textContent()).toContain(MANUAL_QUEUE);
  await page.screenshot({ path: `${SCREENS}/trace-detail.png`, fullPage: true });

  await page.getByRole("link", { name: "Sessions", exact: true }).click();
  await expect.poll(() => page.getByTestId("session-row").count()).toBeGreaterThan(0);
  await page.screenshot({ path: `${SCREENS}/sessions.png`, fullPage: true });
  expect(page.errors).toEqual([]);
});

it("creates an API key whose secret is shown once and works, then revokes it", async () => {
  const page = await adminPage();
  await page.getByRole("link", { name: "Settings", exact: true }).click();
  await page.waitForURL(/\/settings\/members$/);
  await page.screenshot({ path: `${SCREENS}/settings-members.png`, fullPage: true });
  await page.getByRole("link", { name: "API keys" }).click();
  await page.getByLabel("Key name").fill(`CI exporter ${RUN}`);
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("new-key-secret").textContent()) ?? "";
  expect(secret).toMatch(/^aq_ingest_/);
  await page.screenshot({ path: `${SCREENS}/settings-api-keys.png`, fullPage: true });
  const ingestWithIt = await fetch(`${baseUrl}/v1/traces`, {
    method: "POST",
    headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json" },
    body: JSON.stringify(otlpBody([otlpSpan({ traceId: randomTraceId(), name: "from the new key", startMs: Date.now(), durationMs: 5 })])),
  });
  expect(ingestWithIt.status).toBe(200);

  await page.reload();
  expect(await page.getByTestId("new-key").count()).toBe(0);
  expect(await page.content()).not.toContain(secret);
  const row = page.getByTestId("api-key-row").filter({ hasText: `CI exporter ${RUN}` });
  expect(await row.textContent()).toContain(secret.slice(0, 12));
  await row.getByRole("button", { name: `Revoke CI exporter ${RUN}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
  await expect.poll(() => row.textContent()).toContain("revoked");
});

it("creates score configs, with errors beside the field and the form kept", async () => {
  const page = await adminPage();
  await page.goto(`${baseUrl}/settings/score-configs`);
  await page.getByLabel("Score name").fill(`Answer quality ${RUN}`);
  await page.getByRole("radio", { name: /numeric/ }).check();
  await page.getByLabel("Minimum").fill("5");
  await page.getByLabel("Maximum").fill("1");
  await page.getByRole("button", { name: "Create score config" }).click();
  await expect.poll(() => page.locator("#field-maxValue-error").textContent()).toContain("the maximum must be above the minimum");
  expect(await page.getByLabel("Score name").inputValue()).toBe(`Answer quality ${RUN}`);
  await page.getByLabel("Maximum").fill("10");
  await page.getByRole("button", { name: "Create score config" }).click();
  await expect.poll(() => page.getByTestId("score-config-row").filter({ hasText: `Answer quality ${RUN}` }).textContent()).toContain("5 to 10");

  await page.getByLabel("Score name").fill(`Tone ${RUN}`);
  await page.getByRole("radio", { name: /categorical/ }).check();
  for (const option of ["friendly", "neutral", "rude"]) {
    await page.getByLabel("Options", { exact: true }).fill(option);
    await page.getByLabel("Options", { exact: true }).press("Enter");
  }
  await page.getByRole("button", { name: "Create score config" }).click();
  await expect.poll(() => page.getByTestId("score-config-row").filter({ hasText: `Tone ${RUN}` }).textContent()).toContain("friendly · neutral · rude");
  const configs = await api<{ items: { name: string; type: string; categories: string[] | null }[] }>("/api/v1/score-configs");
  expect(configs.items.find((c) => c.name === `Tone ${RUN}`)).toMatchObject({ type: "categorical", categories: ["friendly", "neutral", "rude"] });
  await page.screenshot({ path: `${SCREENS}/settings-score-configs.png`, fullPage: true });
});

it("files an issue and creates a dataset: a refused form keeps what was typed, an accepted one clears", async () => {
  const page = await adminPage();
  await page.goto(`${baseUrl}/issues`);
  const issueForm = page.locator("form").filter({ has: page.getByRole("button", { name: "File issue" }) });
  await issueForm.getByLabel("Description").fill("Answers quote last year's prices.");
  await issueForm.getByRole("button", { name: "File issue" }).click();
  await expect.poll(() => issueForm.getByText("give the issue a title").count()).toBeGreaterThan(0);
  expect(await issueForm.getByLabel("Description").inputValue()).toBe("Answers quote last year's prices.");
  const title = `Stale prices ${Date.now()}`;
  await issueForm.getByLabel("Title").fill(title);
  await issueForm.getByRole("button", { name: "File issue" }).click();
  await expect.poll(() => issueForm.getByText(`Filed “${title}”.`).count()).toBe(1);
  expect(await issueForm.getByLabel("Title").inputValue()).toBe("");
  expect(await issueForm.getByLabel("Description").inputValue()).toBe("");

  await page.goto(`${baseUrl}/datasets`);
  const datasetForm = page.locator("form").filter({ has: page.getByRole("button", { name: "Create dataset" }) });
  const name = `Admin-made set ${Date.now()}`;
  await datasetForm.getByLabel("Dataset name").fill(name);
  await datasetForm.getByRole("button", { name: "Create dataset" }).click();
  await expect.poll(() => datasetForm.getByText(`Created ${name}.`).count()).toBe(1);
  expect(await datasetForm.getByLabel("Dataset name").inputValue()).toBe("");
  await page.reload();
  await expect.poll(() => page.getByText(name).count()).toBeGreaterThan(0);
  expect(page.errors).toEqual([]);
});

it("renders the remaining admin screens", async () => {
  const page = await adminPage();
  for (const [path, name, check] of [
    ["/settings/classifiers", "settings-classifiers", "classifier-provider"],
    ["/settings/model-prices", "settings-model-prices", "price-row"],
    ["/issues", "issues", null],
    ["/datasets", "datasets", null],
  ] as const) {
    await page.goto(`${baseUrl}${path}`);
    if (check) await expect.poll(() => page.getByTestId(check).count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
  }
  // A laptop screen: every page fits its width (wide tables scroll inside their own box).
  await page.setViewportSize({ width: 1024, height: 700 });
  for (const path of ["/queues", "/traces", "/sessions", "/settings/members", "/issues"]) {
    await page.goto(`${baseUrl}${path}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), path).toBe(true);
  }
  expect(page.errors).toEqual([]);
});
