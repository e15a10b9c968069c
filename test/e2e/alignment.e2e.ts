import { mkdirSync } from "node:fs";
import type { APIRequestContext, Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { DEMO_ADMIN, DEMO_PASSWORD, DEMO_REVIEWER } from "../../scripts/seed";
import { launchBrowser, logIn } from "./browser";

// An outside evaluator posts scores, two reviewers annotate the same traces in a queue, and the alignment page
// shows the same numbers the API computes.

const baseUrl = inject("baseUrl");
const adminKey = inject("adminKey");
const ingestKey = inject("ingestKey");
const EVALUATION = "Support judge";

// Per trace: the machine's verdict, then the admin's and the reviewer's.
const DESIGN: [string, string, string][] = [
  ["pass", "pass", "pass"],
  ["pass", "pass", "pass"],
  ["pass", "pass", "pass"],
  ["pass", "pass", "pass"],
  ["fail", "fail", "fail"],
  ["fail", "fail", "fail"],
  ["fail", "pass", "pass"], // the machine misses
  ["pass", "fail", "fail"], // a false alarm
  ["fail", "fail", "fail"],
  ["pass", "pass", "fail"], // reviewers split: left out
];

type Estimate = { value: number | null };
interface Alignment {
  counts: { pairs: number; ties: number };
  classification: { labels: string[]; matrix: number[][]; accuracy: Estimate; kappa: Estimate; mcc: Estimate };
  disagreements: { items: { traceId: string; queueId: string | null }[] };
}

let browser: Browser;

async function api<T>(path: string, init: { key?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: init.body === undefined ? "GET" : "POST",
    headers: { Authorization: `Bearer ${init.key ?? adminKey}`, "Content-Type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  expect(res.status, `${path}: ${res.status}`).toBeLessThan(300);
  return (await res.json()) as T;
}

/** Claims, annotates and completes every item the signed-in user can still take, through the app's own API. */
async function reviewQueue(request: APIRequestContext, queueId: string, scoreConfigId: string, verdictFor: (traceId: string) => boolean) {
  for (;;) {
    const claim = (await (await request.post(`${baseUrl}/api/v1/queues/${queueId}/claim`)).json()) as { item: { traceId: string } | null };
    const traceId = claim.item?.traceId;
    if (!traceId) return;
    const annotated = await request.post(`${baseUrl}/api/v1/annotations`, { data: { traceId, queueId, scoreConfigId, value: verdictFor(traceId), comment: "calibration" } });
    expect(annotated.status()).toBe(201);
    expect((await request.post(`${baseUrl}/api/v1/queues/${queueId}/items/${traceId}/complete`)).status()).toBe(200);
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync("test-output/screens", { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

it("shows the alignment the API computes for posted scores and queue annotations", async () => {
  const traces = await api<{ items: { id: string }[] }>(`/api/v1/traces?limit=${DESIGN.length}`);
  const traceIds = traces.items.map((t) => t.id);
  expect(traceIds).toHaveLength(DESIGN.length);
  const designOf = (traceId: string) => DESIGN[traceIds.indexOf(traceId)]!;
  const configs = await api<{ items: { id: string; name: string }[] }>("/api/v1/score-configs");
  const verdictId = configs.items.find((c) => c.name === "Verdict")!.id;

  await api("/api/v1/scores", {
    key: ingestKey,
    body: { scores: traceIds.map((traceId) => ({ traceId, evaluation: EVALUATION, scoreConfig: "Verdict", value: designOf(traceId)[0] === "pass", reason: "LLM judge verdict" })) },
  });
  const queue = await api<{ id: string }>("/api/v1/queues", { body: { name: "Judge calibration", reviewersPerItem: 2 } });
  await api(`/api/v1/queues/${queue.id}/items`, { body: { traceIds } });

  const admin = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const adminPage = await admin.newPage();
  await logIn(adminPage, baseUrl, DEMO_ADMIN.email, DEMO_PASSWORD);
  await reviewQueue(admin.request, queue.id, verdictId, (t) => designOf(t)[1] === "pass");
  const reviewer = await browser.newContext();
  await logIn(await reviewer.newPage(), baseUrl, DEMO_REVIEWER.email, DEMO_PASSWORD);
  await reviewQueue(reviewer.request, queue.id, verdictId, (t) => designOf(t)[2] === "pass");
  await reviewer.close();

  const alignment = await api<Alignment>(`/api/v1/evaluations/${encodeURIComponent(EVALUATION)}/alignment`);
  const c = alignment.classification;
  // rows human pass/fail, columns machine pass/fail
  expect(c.matrix).toEqual([[4, 1], [1, 3]]);
  expect(alignment.counts).toMatchObject({ pairs: 9, ties: 1 });
  expect(c.accuracy.value).toBeCloseTo(7 / 9, 12);
  const agreement = await api<{ alpha: Estimate }>(`/api/v1/reviewer-agreement?scoreConfigId=${verdictId}`);

  const errors: string[] = [];
  adminPage.on("pageerror", (error) => errors.push(error.message));
  await adminPage.goto(`${baseUrl}/evaluations`);
  const row = adminPage.getByTestId("evaluation-row").filter({ hasText: EVALUATION });
  expect(await row.getByTestId("with-human").textContent()).toBe(String(DESIGN.length));
  await row.getByRole("link", { name: EVALUATION }).click();
  await adminPage.waitForURL(/\/evaluations\/Support%20judge/);

  const shown = (testId: string) => adminPage.getByTestId(testId).first().textContent();
  expect(await shown("stat-accuracy")).toBe(`${(c.accuracy.value! * 100).toFixed(1)}%`);
  expect(await shown("stat-kappa")).toBe(c.kappa.value!.toFixed(3));
  expect(await shown("stat-mcc")).toBe(c.mcc.value!.toFixed(3));
  for (const [i, human] of c.labels.entries()) {
    for (const [j, machine] of c.labels.entries()) {
      const cell = adminPage.locator(`[data-testid="confusion-cell"][data-human="${human}"][data-machine="${machine}"]`);
      expect(await cell.locator("div").first().textContent()).toBe(String(c.matrix[i]![j]));
    }
  }
  expect(await adminPage.getByTestId("disagreement-row").count()).toBe(alignment.disagreements.items.length);
  expect(await shown("alpha")).toBe(agreement.alpha.value!.toFixed(3));
  expect(await adminPage.getByTestId("pair-row").count()).toBe(1);
  expect(await adminPage.getByTestId("drift-point").count()).toBe(1);
  expect(await shown("trust")).toContain("Not enough evidence yet: 9 traces compared");
  await adminPage.screenshot({ path: "test-output/screens/alignment.png", fullPage: true });

  // One click on a disagreement opens the trace in the queue where it was judged.
  const first = alignment.disagreements.items[0]!;
  await adminPage.getByTestId("disagreement-row").first().getByRole("link").first().click();
  await adminPage.waitForURL(`${baseUrl}/queues/${queue.id}/items/${first.traceId}`);
  expect(errors).toEqual([]);
  await admin.close();
});
