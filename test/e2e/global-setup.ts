import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { loadDemoData, prepareDatabase, startApp, type RunningApp } from "../../scripts/local-app";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    demoQueueId: string;
    ingestKey: string;
    adminKey: string;
  }
}

// One app per run on a fresh database, so the browser tests see exactly the demo data and nothing else.
let app: RunningApp | undefined;
let persistTo = "";

export async function setup(project: TestProject) {
  persistTo = mkdtempSync(join(tmpdir(), "aq-e2e-"));
  const accounts = await prepareDatabase(persistTo);
  app = await startApp({ port: Number(process.env.E2E_PORT ?? 8799), persistTo, settleSeconds: 0, quiet: true });
  const { queueId } = await loadDemoData(app.url, accounts, 12);
  project.provide("baseUrl", app.url);
  project.provide("demoQueueId", queueId ?? "");
  project.provide("ingestKey", accounts.ingestKey);
  project.provide("adminKey", accounts.adminKey);
}

export async function teardown() {
  await app?.stop();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
}
