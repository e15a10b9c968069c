import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { demoTraceBodies } from "./demo-traces";
import { seedDemo, type DemoAccounts } from "./seed";

// Shared by `npm start` and the browser tests: one way to bring the whole app up locally.

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, CI: "true" } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed with exit code ${result.status}`);
}

export function build(): void {
  run("npx", ["remix", "vite:build"]);
}

export async function prepareDatabase(persistTo: string): Promise<DemoAccounts> {
  run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo]);
  return seedDemo(persistTo);
}

export interface RunningApp {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** `wrangler dev --local`: Remix, the API, D1, Durable Objects and Queues in one local workerd. */
export async function startApp(options: { port: number; persistTo: string; settleSeconds: number; quiet?: boolean }): Promise<RunningApp> {
  const child = spawn(
    "npx",
    ["wrangler", "dev", "--local", "--port", String(options.port), "--inspector-port", String(options.port + 1000), "--ip", "127.0.0.1", "--persist-to", options.persistTo,
      "--var", `SETTLE_SECONDS:${options.settleSeconds}`, "--var", "LLM_PROVIDER:heuristic", "--show-interactive-dev-session=false"],
    { stdio: options.quiet ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"], detached: true },
  );
  const output: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode !== null || !child.pid) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid, "SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${output.join("")}`);
    try {
      if ((await fetch(`${url}/login`)).ok) return { url, process: child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await stop();
  throw new Error(`wrangler dev did not answer within 90 s:\n${output.join("")}`);
}

async function api<T>(url: string, key: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Posts demo traces through OTLP and fills a demo queue, unless the project already has traces. */
export async function loadDemoData(url: string, accounts: DemoAccounts, traceCount = 36): Promise<{ queueId: string | null }> {
  const existing = await api<{ items: unknown[] }>(url, accounts.adminKey, "/api/v1/traces?limit=1");
  if (existing.items.length > 0) return { queueId: null };
  const traces = demoTraceBodies(traceCount);
  for (const trace of traces) await api(url, accounts.ingestKey, "/v1/traces", trace.body);
  const queue = await api<{ id: string }>(url, accounts.adminKey, "/api/v1/queues", {
    name: "Customer support review",
    description: "Recent support conversations, sampled for quality review",
    instructions: "Read the whole conversation. **Pass** when the answer is correct, polite and complete; **fail** otherwise and say why in the comment.",
    assigneeIds: [accounts.reviewerId],
  });
  await api(url, accounts.adminKey, `/api/v1/queues/${queue.id}/items`, { traceIds: traces.slice(0, 12).map((t) => t.traceId) });
  const toolQueue = await api<{ id: string }>(url, accounts.adminKey, "/api/v1/queues", {
    name: "Tool failures",
    description: "Agent runs whose tools failed",
    instructions: "Decide whether the assistant handled the tool failure gracefully.",
  });
  const failed = traces.filter((t) => t.toolFailed).map((t) => t.traceId);
  if (failed.length > 0) await api(url, accounts.adminKey, `/api/v1/queues/${toolQueue.id}/items`, { traceIds: failed });
  return { queueId: queue.id };
}
