import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { DEMO_PASSWORD, DEMO_REVIEWER } from "../../scripts/seed";
import { launchBrowser, logIn } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync("test-output/screens", { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

it("lets a reviewer log in, annotate a trace, mark it Fully Annotated and see progress move", async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));

  await logIn(page, baseUrl, DEMO_REVIEWER.email, DEMO_PASSWORD);
  const row = page.getByTestId("queue-row").filter({ hasText: "Customer support review" });
  await expect.poll(() => row.getByTestId("progress-text").textContent()).toContain("0/12");

  await row.getByRole("link", { name: "Customer support review" }).click();
  await page.getByRole("link", { name: "Start reviewing" }).click();
  await page.waitForURL(/\/items\/[0-9a-f]{32}$/);
  const firstItem = page.url();
  await expect.poll(() => page.getByTestId("position").textContent()).toBe("1 of 12");
  expect(await page.getByTestId("instructions").textContent()).toContain("Pass");
  expect(await page.getByTestId("message").count()).toBeGreaterThanOrEqual(2);
  expect(await page.getByTestId("meta-model").textContent()).not.toBe("–");

  // Keyboard: 2 chooses Fail, c focuses the comment.
  await page.locator("body").press("2");
  await page.locator("body").press("c");
  await page.keyboard.type("The answer ignores the question.");
  await page.getByRole("button", { name: /Save annotation/ }).click();
  await expect.poll(() => page.getByTestId("annotation").count()).toBe(1);
  expect(await page.getByTestId("annotation").textContent()).toContain("Verdict: Fail");
  await page.screenshot({ path: "test-output/screens/review-first-pass.png", fullPage: true });

  await page.getByRole("button", { name: /Fully Annotated/ }).click();
  await page.waitForURL((url) => /\/items\/[0-9a-f]{32}$/.test(url.pathname) && url.href !== firstItem);
  await expect.poll(() => page.getByTestId("position").textContent()).toBe("2 of 12");
  // k and j step through the queue in review order.
  await page.locator("body").press("k");
  await expect.poll(() => page.getByTestId("position").textContent()).toBe("1 of 12");
  expect(page.url()).toBe(firstItem);
  await page.locator("body").press("j");
  await expect.poll(() => page.getByTestId("position").textContent()).toBe("2 of 12");

  await page.getByRole("link", { name: "Queues" }).click();
  await expect.poll(() => row.getByTestId("progress-text").textContent()).toContain("1/12");
  await page.screenshot({ path: "test-output/screens/queues-after-review.png", fullPage: true });
  expect(errors).toEqual([]);
});
