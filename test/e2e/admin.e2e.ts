import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { DEMO_ADMIN, DEMO_PASSWORD } from "../../scripts/seed";
import { launchBrowser, logIn } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

it("lets an admin create a manual queue in the dialog and fill it from the trace list", async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await logIn(page, baseUrl, DEMO_ADMIN.email, DEMO_PASSWORD);

  await page.getByRole("button", { name: "Create", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name", { exact: true }).fill("Refund escalations");
  await dialog.getByLabel("Description").fill("Refund questions the bot could not answer");
  await dialog.getByLabel("Instructions").fill("Fail any answer that promises a refund.");
  await dialog.getByLabel(/Rui Reviewer/).check();
  await dialog.getByRole("button", { name: "Create queue" }).click();
  await expect.poll(() => dialog.count()).toBe(0);
  const row = page.getByTestId("queue-row").filter({ hasText: "Refund escalations" });
  await expect.poll(() => row.textContent()).toContain("Rui Reviewer");

  await page.getByRole("link", { name: "Traces" }).click();
  const checkboxes = page.getByTestId("trace-row").getByRole("checkbox");
  await checkboxes.nth(0).check();
  await checkboxes.nth(1).check();
  await page.getByLabel("Queue", { exact: true }).selectOption({ label: "Refund escalations" });
  await page.getByRole("button", { name: "Add 2 selected to queue" }).click();
  await expect.poll(() => page.getByTestId("add-result").textContent()).toContain("Added 2 new of 2 traces");

  // The list reads the D1 mirror, which the queue's Durable Object updates a moment later: reload until it has.
  await page.getByRole("link", { name: "Queues" }).click();
  await page.waitForURL(/\/queues$/);
  await expect
    .poll(async () => {
      await page.reload();
      return row.getByTestId("progress-text").textContent();
    }, { timeout: 10_000 })
    .toContain("0/2");
  await row.getByRole("link", { name: "Refund escalations" }).click();
  await expect.poll(() => page.getByTestId("item-row").count()).toBe(2);
  await page.screenshot({ path: "test-output/screens/admin-queue.png", fullPage: true });
});

it("creates a live queue with the sampling the admin chose", async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await logIn(page, baseUrl, DEMO_ADMIN.email, DEMO_PASSWORD);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name", { exact: true }).fill("Every slow trace");
  await dialog.getByLabel("Make this queue live").check();
  expect(await dialog.getByTestId("sampling-value").textContent()).toBe("10%");
  await dialog.getByLabel("Sampling percent (exact)").fill("25");
  await dialog.getByRole("button", { name: "Create queue" }).click();
  await expect.poll(() => dialog.count()).toBe(0);
  const row = page.getByTestId("queue-row").filter({ hasText: "Every slow trace" });
  await expect.poll(() => row.textContent()).toContain("live");
  const queues = await fetch(`${baseUrl}/api/v1/queues?limit=200`, { headers: { Authorization: `Bearer ${inject("adminKey")}` } });
  const created = ((await queues.json()) as { items: { name: string; isLive: boolean; samplingPercent: number }[] }).items.find((q) => q.name === "Every slow trace");
  expect(created).toMatchObject({ isLive: true, samplingPercent: 25 });
});
