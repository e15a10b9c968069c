import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { DEMO_ADMIN, DEMO_PASSWORD } from "../../scripts/seed";
import * as openInference from "../../worker/ingest/conventions/openinference-fixtures";
import * as openLlmetry from "../../worker/ingest/conventions/openllmetry-fixtures";
import * as vercel from "../../worker/ingest/conventions/vercel-ai-fixtures";
import { chatTrace } from "../support/otlp";
import { toOtlpExport } from "../support/ingest-spans-to-otlp";
import { launchBrowser, logIn } from "./browser";
import { appApi } from "./app-api";
import { settledTrace } from "./exporter-support";

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


it("shows a trace from each of the four conventions as a readable conversation in the review screen", async () => {
  const genai = chatTrace(undefined, "What is the weather in Paris?", "It is 18°C and sunny in Paris.");
  const exports = [
    { convention: "OTel GenAI", ...genai },
    { convention: "OpenInference", ...(await toOtlpExport([openInference.agent, openInference.firstCall, openInference.toolRun, openInference.secondCall])) },
    { convention: "OpenLLMetry", ...(await toOtlpExport([openLlmetry.workflow, openLlmetry.firstChat, openLlmetry.toolTask, openLlmetry.secondChat])) },
    { convention: "Vercel AI SDK", ...(await toOtlpExport([vercel.generateText, vercel.firstStep, vercel.toolCallSpan, vercel.secondStep])) },
  ];
  for (const e of exports) await appApi("/v1/traces", ingestKey, e.body);
  for (const e of exports) await settledTrace({ baseUrl, adminKey, traceId: e.traceId });

  const queue = await appApi<{ id: string }>("/api/v1/queues", adminKey, { name: "Conventions", instructions: "Check each convention reads well." });
  await appApi(`/api/v1/queues/${queue.id}/items`, adminKey, { traceIds: exports.map((e) => e.traceId) });

  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await logIn(page, baseUrl, DEMO_ADMIN.email, DEMO_PASSWORD);
  for (const e of exports) {
    await page.goto(`${baseUrl}/queues/${queue.id}/items/${e.traceId}`);
    const messages = page.getByTestId("message");
    const texts = await messages.allTextContents();
    expect(texts.some((t) => t.toLowerCase().startsWith("user") && t.includes("What is the weather in Paris?")), e.convention).toBe(true);
    expect(texts.some((t) => t.toLowerCase().startsWith("assistant") && t.includes("It is 18°C and sunny in Paris.")), e.convention).toBe(true);
    if (e.convention !== "OTel GenAI") expect(texts.join("\n"), e.convention).toContain("get_weather");
    await page.screenshot({ path: `test-output/screens/convention-${e.convention.replace(/\W+/g, "-").toLowerCase()}.png`, fullPage: true });
  }
});
