import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD, DEMO_REVIEWER } from "../../scripts/seed";
import { conversationSpans, otlpBody, randomTraceId, type ChatMessage } from "../support/otlp";
import { launchBrowser, logIn } from "./browser";
import { settledTrace } from "./exporter-support";

// The focused review screen in a real browser: a keyboard-only pass through a queue of five items, a text-range
// annotation that survives a reload, hostile trace text that stays inert, and a dataset export.

const baseUrl = inject("baseUrl");
const adminKey = inject("adminKey");
const ingestKey = inject("ingestKey");
const screens = "test-output/screens";
let browser: Browser;

type Message = ChatMessage;
const text = (content: string) => ({ type: "text", content });

const hostile =
  "Click [here](javascript:alert(document.domain)) or [there](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) " +
  "or read [the docs](https://example.com/docs). <script>window.__pwned = true</script> " +
  '<img src="x" onerror="window.__pwned = true"> ![pixel](https://tracker.example/pixel.png) and **bold**.';

const conversations: Record<string, Message[]> = {
  shipping: [
    { role: "user", parts: [text("Where is my order #1234?")] },
    { role: "assistant", parts: [text("It ships **tomorrow**.")] },
  ],
  hostile: [
    { role: "user", parts: [text(hostile)] },
    { role: "assistant", parts: [text("I cannot open links.")] },
  ],
  tools: [
    { role: "user", parts: [text("Look up order 7.")] },
    { role: "assistant", parts: [{ type: "tool_call", id: "c1", name: "lookup_order", arguments: { id: 7 } }] },
    { role: "tool", parts: [{ type: "tool_result", id: "c1", result: { status: "shipped" } }] },
    { role: "assistant", parts: [text("Order 7 has shipped.")] },
  ],
  long: Array.from({ length: 120 }, (_, i) => ({ role: i % 2 === 0 ? "user" : "assistant", parts: [text(`Turn ${i + 1}: ${"lorem ipsum ".repeat(8)}`)] })),
  refund: [
    { role: "user", parts: [text("Can I get a refund?")] },
    { role: "assistant", parts: [text("Refunds are possible within 30 days.")] },
  ],
};
// Answers a deterministic classifier (Empty Response) flags, so the pipeline leaves a draft on each.
const degenerate: Record<string, Message[]> = {
  marks: [
    { role: "user", parts: [text("What are your opening hours?")] },
    { role: "assistant", parts: [text("????????????")] },
  ],
  dots: [
    { role: "user", parts: [text("Can you summarise my last order?")] },
    { role: "assistant", parts: [text("..............")] },
  ],
};
const traceIds: Record<string, string> = {};
let queueId = "";
let draftQueueId = "";

async function api<T>(path: string, body?: unknown, key = adminKey): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}


beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(screens, { recursive: true });
  const all = { ...conversations, ...degenerate };
  for (const name of Object.keys(all)) traceIds[name] = randomTraceId();
  const spans = Object.entries(all).flatMap(([name, conversation]) => conversationSpans(traceIds[name] as string, conversation));
  await api("/v1/traces", otlpBody(spans), ingestKey);
  await Promise.all(Object.values(traceIds).map((traceId) => settledTrace({ baseUrl, adminKey, traceId })));
  const queue = await api<{ id: string }>("/api/v1/queues", {
    name: "Keyboard review",
    description: "Five traces for the keyboard-only pass",
    instructions: "Read **every** message. Fail answers that [guess](https://example.com/policy).",
    // Off: the classifiers' results and drafts stay out of sight, so the reviewer's verdicts are their own.
    showMachineScores: false,
  });
  queueId = queue.id;
  await api(`/api/v1/queues/${queueId}/items`, { traceIds: Object.keys(conversations).map((name) => traceIds[name]) });
  const drafts = await api<{ id: string }>("/api/v1/queues", { name: "Classifier drafts", showMachineScores: true });
  draftQueueId = drafts.id;
  await api(`/api/v1/queues/${draftQueueId}/items`, { traceIds: Object.keys(degenerate).map((name) => traceIds[name]) });
});
afterAll(async () => {
  await browser?.close();
});

async function reviewerPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  await logIn(page, baseUrl, DEMO_REVIEWER.email, DEMO_PASSWORD);
  return { page, errors };
}

const position = (page: Page) => page.getByTestId("position").textContent();
const focusIsKept = (page: Page) => page.evaluate(() => document.activeElement !== null && document.activeElement !== document.body);
const currentTrace = (page: Page) => /\/items\/([0-9a-f]{32})$/.exec(new URL(page.url()).pathname)?.[1] ?? "";

async function savedCard(page: Page, count: number) {
  await expect.poll(() => page.getByTestId("annotation").count()).toBe(count);
  await expect.poll(() => page.getByTestId("annotation-pending").count()).toBe(0);
}

interface StoredAnnotation {
  source: string;
  scoreName: string;
  valueNumber: number | null;
  comment: string;
  target: unknown;
  issueTitle: string | null;
  status: string;
}
const annotationsOf = async (traceId: string) => (await api<{ items: StoredAnnotation[] }>(`/api/v1/annotations?traceId=${traceId}`)).items;

describe("the review screen", () => {
  let exportHref = "";
  const visited: string[] = [];

  it("clears a queue of five items with the keyboard alone", async () => {
    const { page, errors } = await reviewerPage();
    await page.goto(`${baseUrl}/queues/${queueId}/review`);
    await page.waitForURL(/\/items\/[0-9a-f]{32}$/);
    const keys = page.keyboard;

    // 1: a conversation verdict with a comment, saved from the comment field.
    await expect.poll(() => position(page)).toBe("1 of 5");
    visited.push(currentTrace(page));
    await keys.press("1");
    await keys.press("c");
    await keys.type("Looks right.");
    await page.screenshot({ path: `${screens}/review-composer.png` });
    await keys.press("Control+Enter");
    await savedCard(page, 1);
    expect(await page.getByTestId("annotation").first().textContent()).toContain("Verdict: Pass");
    expect(await focusIsKept(page)).toBe(true);
    await keys.press("d");

    // 2: the second message, failed.
    await expect.poll(() => position(page)).toBe("2 of 5");
    expect(await focusIsKept(page)).toBe(true);
    visited.push(currentTrace(page));
    await keys.press("n");
    await keys.press("n");
    await keys.press("m");
    await expect.poll(() => page.getByTestId("composer-target").textContent()).toBe("Message #2");
    await keys.press("2");
    await keys.press("s");
    await savedCard(page, 1);
    expect(await page.getByTestId("annotation-target").textContent()).toBe("Message #2");
    await keys.press("d");

    // 3: a new issue, filed from the composer.
    await expect.poll(() => position(page)).toBe("3 of 5");
    visited.push(currentTrace(page));
    await keys.press("a");
    await keys.press("2");
    await keys.press("i");
    await keys.type("Wrong ship date");
    await keys.press("Enter");
    await expect.poll(() => page.getByTestId("composer-issue").textContent()).toContain("New: Wrong ship date");
    expect(await focusIsKept(page)).toBe(true);
    await keys.press("s");
    await savedCard(page, 1);
    expect(await page.getByTestId("annotation").textContent()).toContain("Issue: Wrong ship date");
    await keys.press("?");
    await expect.poll(() => page.getByTestId("shortcut-help").isVisible()).toBe(true);
    await page.screenshot({ path: `${screens}/review-help.png` });
    await keys.press("Escape");
    await expect.poll(() => page.getByTestId("shortcut-help").count()).toBe(0);
    await keys.press("d");

    // 4: a verdict, then into a new dataset.
    await expect.poll(() => position(page)).toBe("4 of 5");
    visited.push(currentTrace(page));
    await keys.press("1");
    await keys.press("s");
    await savedCard(page, 1);
    await keys.press("t");
    await keys.type("Golden set");
    await keys.press("Enter");
    await expect.poll(() => page.getByTestId("dataset-status").textContent()).toContain("Added to “Golden set”");
    exportHref = (await page.getByTestId("dataset-status").getByRole("link", { name: "JSONL" }).getAttribute("href")) ?? "";
    expect(await focusIsKept(page)).toBe(true);
    await keys.press("d");

    // 5: a pass; then the queue is done.
    await expect.poll(() => position(page)).toBe("5 of 5");
    visited.push(currentTrace(page));
    await keys.press("1");
    await keys.press("s");
    await savedCard(page, 1);
    await page.screenshot({ path: `${screens}/review.png` });
    await keys.press("d");
    await expect.poll(() => page.getByTestId("queue-done").isVisible()).toBe(true);
    await page.screenshot({ path: `${screens}/review-done.png` });

    expect(new Set(visited)).toEqual(new Set(Object.keys(conversations).map((name) => traceIds[name])));
    // Classifiers may have left drafts on these traces too; the reviewer's own annotations are the human ones.
    const stored = (await Promise.all(visited.map(annotationsOf))).map((list) => list.filter((a) => a.source === "human"));
    expect(stored.map((list) => list.map((a) => [a.scoreName, a.valueNumber, a.status]))).toEqual([
      [["Verdict", 1, "published"]],
      [["Verdict", 0, "published"]],
      [["Verdict", 0, "published"]],
      [["Verdict", 1, "published"]],
      [["Verdict", 1, "published"]],
    ]);
    expect(stored[0]?.[0]).toMatchObject({ comment: "Looks right.", target: { level: "conversation" } });
    expect(stored[1]?.[0]?.target).toEqual({ level: "message", messageIndex: 1 });
    expect(stored[2]?.[0]?.issueTitle).toBe("Wrong ship date");
    const progress = await api<{ total: number; completed: number }>(`/api/v1/queues/${queueId}/progress`);
    expect(progress).toMatchObject({ total: 5, completed: 5 });
    expect(errors).toEqual([]);
  });

  it("exports the dataset the trace was added to, with its conversation and annotation", async () => {
    expect(exportHref).toMatch(/^\/datasets\/.+\/export\?format=jsonl$/);
    const { page } = await reviewerPage();
    const res = await page.request.get(`${baseUrl}${exportHref}`);
    expect(res.status()).toBe(200);
    const lines = (await res.text()).trimEnd().split("\n").map((line) => JSON.parse(line) as { traceId: string; conversation: unknown[]; annotations: { scoreName: string; value: unknown }[] });
    expect(lines.map((l) => l.traceId)).toEqual([visited[3]]);
    expect(lines[0]?.conversation.length).toBeGreaterThan(0);
    expect(lines[0]?.annotations).toMatchObject([{ scoreName: "Verdict", value: true }]);
  });

  it("keeps a text-range annotation across formatting and a reload, and a click on its highlight finds its card", async () => {
    const { page, errors } = await reviewerPage();
    const traceId = traceIds.shipping as string;
    await page.goto(`${baseUrl}/queues/${queueId}/items/${traceId}`);
    // "ships **tomor" in the source: from plain text into the bold word.
    await page.evaluate(() => {
      const part = document.querySelector('[data-testid="message"][aria-label^="Message 2"] [data-testid="part-text"]');
      const walker = document.createTreeWalker(part as Node, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      while (walker.nextNode()) nodes.push(walker.currentNode as Text);
      const plain = nodes.find((n) => n.data.includes("ships")) as Text;
      const bold = nodes.find((n) => n.data.includes("tomorrow")) as Text;
      const range = document.createRange();
      range.setStart(plain, plain.data.indexOf("ships"));
      range.setEnd(bold, "tomor".length);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    });
    await page.keyboard.press("x");
    await expect.poll(() => page.getByTestId("composer-target").textContent()).toBe("“ships **tomor” in message #2");
    await page.keyboard.press("2");
    await page.keyboard.press("c");
    await page.keyboard.type("Promises a date it cannot know.");
    await page.keyboard.press("Escape");
    await page.keyboard.press("s");
    await expect.poll(() => page.getByTestId("highlight").allTextContents()).toEqual(["ships ", "tomor"]);

    await page.reload();
    await expect.poll(() => page.getByTestId("highlight").allTextContents()).toEqual(["ships ", "tomor"]);
    const stored = (await annotationsOf(traceId)).find((a) => a.comment === "Promises a date it cannot know.");
    expect(stored?.target).toEqual({ level: "range", messageIndex: 1, partIndex: 0, start: 3, end: 16 });
    await page.getByTestId("highlight").last().click();
    const focused = await page.evaluate(() => document.activeElement?.closest("[data-annotation-id]")?.textContent ?? "");
    expect(focused).toContain("Promises a date it cannot know.");
    await page.screenshot({ path: `${screens}/review-range.png` });
    expect(errors).toEqual([]);
  });

  it("renders hostile trace text inert: no script runs, no javascript: or data: link, no remote image", async () => {
    const { page, errors } = await reviewerPage();
    const dialogs: string[] = [];
    page.on("dialog", async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    await page.goto(`${baseUrl}/queues/${queueId}/items/${traceIds.hostile}`);
    const message = page.getByTestId("message").first();
    await expect.poll(() => message.textContent()).toContain("<script>window.__pwned = true</script>");
    expect(await message.textContent()).toContain('<img src="x" onerror="window.__pwned = true">');
    expect(await page.evaluate(() => (window as { __pwned?: boolean }).__pwned)).toBeUndefined();
    expect(await page.locator('[data-testid="conversation"] script, [data-testid="conversation"] img').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:" i], a[href^="data:" i]').count()).toBe(0);
    expect(await message.getByText("here", { exact: true }).evaluate((el) => el.tagName)).toBe("SPAN");
    const docs = message.getByRole("link", { name: "the docs" });
    expect(await docs.getAttribute("href")).toBe("https://example.com/docs");
    expect(await docs.getAttribute("rel")).toContain("noopener");
    expect(await message.locator("strong").textContent()).toBe("bold");
    await page.getByTestId("message").first().getByText("here", { exact: true }).click();
    expect(dialogs).toEqual([]);
    expect(requests.filter((url) => url.includes("tracker.example"))).toEqual([]);
    await page.screenshot({ path: `${screens}/review-hostile.png` });
    expect(errors).toEqual([]);
  });

  it("accepts a classifier's draft with edits and rejects another, by keyboard", async () => {
    const { page, errors } = await reviewerPage();
    // Other classifiers may add drafts of their own; this test works on Empty Response's, which is deterministic.
    const draftCard = page.locator('[data-testid="annotation"][data-status="draft"]').filter({ hasText: "Empty Response" });
    const openWithDraft = async (traceId: string) => {
      await page.goto(`${baseUrl}/queues/${draftQueueId}/items/${traceId}`);
      // The classifiers record their drafts as the trace settles; a reload picks them up once they are there.
      await expect.poll(async () => (await draftCard.count()) || (await page.reload(), 0), { timeout: 15_000 }).toBe(1);
      return (await draftCard.getAttribute("data-annotation-id")) ?? "";
    };
    const stored = async (traceId: string, id: string) =>
      (await api<{ items: (StoredAnnotation & { id: string })[] }>(`/api/v1/annotations?traceId=${traceId}`)).items.find((a) => a.id === id);

    const acceptedId = await openWithDraft(traceIds.marks as string);
    expect(await draftCard.textContent()).toContain("Empty Response: Yes");
    // This queue shows machine scores: the classifier's finding is in the metadata pane.
    expect(await page.getByTestId("machine-scores").textContent()).toContain("Empty Response");
    await draftCard.focus();
    await page.keyboard.press("e");
    await expect.poll(() => page.getByRole("form", { name: "Accept draft with edits" }).isVisible()).toBe(true);
    await page.keyboard.press("c");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("Confirmed: the answer is only question marks.");
    await page.keyboard.press("Escape");
    await page.keyboard.press("s");
    const accepted = page.locator(`[data-annotation-id="${acceptedId}"]`);
    await expect.poll(() => accepted.getAttribute("data-status")).toBe("published");
    await expect.poll(() => accepted.textContent()).toContain("Confirmed: the answer is only question marks.");
    expect(await accepted.textContent()).toContain("Rui Reviewer");
    expect(await focusIsKept(page)).toBe(true);
    expect(await stored(traceIds.marks as string, acceptedId)).toMatchObject({
      source: "human",
      status: "published",
      valueNumber: 1,
      comment: "Confirmed: the answer is only question marks.",
    });

    const rejectedId = await openWithDraft(traceIds.dots as string);
    await draftCard.focus();
    await page.keyboard.press("r");
    const rejected = page.locator(`[data-annotation-id="${rejectedId}"]`);
    await expect.poll(() => rejected.getAttribute("data-status")).toBe("rejected");
    expect(await focusIsKept(page)).toBe(true);
    await page.reload();
    await expect.poll(() => rejected.getAttribute("data-status")).toBe("rejected");
    expect(await stored(traceIds.dots as string, rejectedId)).toMatchObject({ source: "classifier", status: "rejected" });
    expect(errors).toEqual([]);
  });

  it("shows a new annotation at once and, when the server refuses it, takes it back and reopens what was typed", async () => {
    const { page } = await reviewerPage();
    await page.goto(`${baseUrl}/queues/${queueId}/items/${traceIds.refund}`);
    await expect.poll(() => page.getByTestId("message").count()).toBe(2);
    const before = await page.getByTestId("annotation").count();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // The request still reaches the real server, made invalid on the way, so the refusal is the server's own.
    await page.route(/\/items\/[0-9a-f]{32}\.data/, async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      await held;
      const body = JSON.parse(route.request().postData() ?? "{}") as Record<string, unknown>;
      await route.continue({ postData: JSON.stringify({ ...body, value: "maybe" }) });
    });
    await page.keyboard.press("1");
    await page.keyboard.press("c");
    await page.keyboard.type("Refund window is right.");
    await page.keyboard.press("Control+Enter");
    await expect.poll(() => page.getByTestId("annotation-pending").textContent()).toContain("Verdict: Pass");
    release();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("true (pass) or false (fail)");
    expect(await page.getByTestId("annotation-pending").count()).toBe(0);
    expect(await page.getByTestId("annotation").count()).toBe(before);
    expect(await page.getByRole("textbox", { name: /Comment/ }).inputValue()).toBe("Refund window is right.");
    expect(await page.getByRole("button", { name: /^Pass/ }).getAttribute("aria-pressed")).toBe("true");
    expect(await focusIsKept(page)).toBe(true);
  });

  it("keeps a long conversation virtualized, folds tool payloads, and hides machine scores where the queue says so", async () => {
    const { page } = await reviewerPage();
    await page.goto(`${baseUrl}/queues/${queueId}/items/${traceIds.long}`);
    await expect.poll(() => page.getByTestId("message").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("message").count()).toBeLessThan(60);
    for (let i = 0; i < 3; i++) await page.keyboard.press("p");
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Message 118, assistant");

    await page.goto(`${baseUrl}/queues/${queueId}/items/${traceIds.tools}`);
    const call = page.getByTestId("tool-call");
    expect(await call.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
    expect(await call.textContent()).toContain("lookup_order");
    expect(await page.getByTestId("machine-scores").count()).toBe(0);
  });
});
