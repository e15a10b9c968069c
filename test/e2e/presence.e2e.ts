import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { DEMO_ADMIN, DEMO_PASSWORD, DEMO_REVIEWER } from "../../scripts/seed";
import { otlpBody, otlpSpan, randomTraceId } from "../support/otlp";
import { launchBrowser, logIn } from "./browser";
import { appApi } from "./app-api";
import { settledTrace } from "./exporter-support";

// Two reviewers in two browser sessions on one queue: each sees the other arrive, where they are, and the
// progress move when the other marks an item Fully Annotated, without reloading.

const baseUrl = inject("baseUrl");
const adminKey = inject("adminKey");
const ingestKey = inject("ingestKey");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});


async function queueOfThree(): Promise<{ queueId: string; traceIds: string[] }> {
  const traceIds = [randomTraceId(), randomTraceId(), randomTraceId()];
  const spans = traceIds.map((traceId, i) =>
    otlpSpan({ traceId, name: `presence ${i}`, startMs: Date.now() - 10_000 + i, durationMs: 100, attributes: { "gen_ai.operation.name": "chat" } }),
  );
  const res = await fetch(`${baseUrl}/v1/traces`, { method: "POST", headers: { Authorization: `Bearer ${ingestKey}`, "Content-Type": "application/json" }, body: JSON.stringify(otlpBody(spans)) });
  expect(res.status).toBe(200);
  for (const traceId of traceIds) await settledTrace({ baseUrl, adminKey, traceId });
  const queue = await appApi<{ id: string }>("/api/v1/queues", adminKey, { name: `Presence ${Date.now()}` });
  await appApi(`/api/v1/queues/${queue.id}/items`, adminKey, { traceIds });
  return { queueId: queue.id, traceIds };
}

it("shows a second reviewer's arrival, position and completed items live", async () => {
  const { queueId } = await queueOfThree();
  const adaContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const ada = await adaContext.newPage();
  const rui = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await logIn(ada, baseUrl, DEMO_ADMIN.email, DEMO_PASSWORD);
  await logIn(rui, baseUrl, DEMO_REVIEWER.email, DEMO_PASSWORD);

  // Each claims an item: Ada's is reserved for her, so Rui's claim gets another.
  await ada.goto(`${baseUrl}/queues/${queueId}/review`);
  await ada.waitForURL(/\/items\/[0-9a-f]{32}$/);
  const adasItem = new URL(ada.url()).pathname;
  const presence = ada.getByTestId("presence");
  await expect.poll(() => presence.textContent()).toContain("Only you here");
  await expect.poll(() => ada.getByTestId("progress-text").textContent()).toContain("0/3");

  await rui.goto(`${baseUrl}/queues/${queueId}/review`);
  await rui.waitForURL(/\/items\/[0-9a-f]{32}$/);
  await expect.poll(() => presence.textContent()).toContain(`${DEMO_REVIEWER.name}, on another item`);

  // Ada also has the queue page open in another tab: it follows along too.
  const adaList = await adaContext.newPage();
  await adaList.goto(`${baseUrl}/queues/${queueId}`);
  await expect.poll(() => adaList.getByTestId("presence").textContent()).toContain(`${DEMO_REVIEWER.name}, reviewing an item`);

  await rui.getByRole("button", { name: /Fully Annotated/ }).click();
  await expect.poll(() => ada.getByTestId("progress-text").textContent()).toContain("1/3");
  await expect.poll(() => adaList.getByTestId("progress-text").textContent()).toContain("1/3");
  mkdirSync("test-output/screens", { recursive: true });
  await ada.screenshot({ path: "test-output/screens/presence.png" });

  await rui.goto(`${baseUrl}${adasItem}`);
  await expect.poll(() => presence.textContent()).toContain(`${DEMO_REVIEWER.name}, on this item`);
  await rui.close();
  await expect.poll(() => presence.textContent()).toContain("Only you here");
});
