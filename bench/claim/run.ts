import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { prepareDatabase, startApp } from "../../scripts/local-app";
import { measure, type Measurement, type Target } from "./load";
import { batches, createReviewers, fillQueue, traceIds, waitForQuiet } from "./setup";

// bench/claim: 50 reviewers each looping claim → complete, through the HTTP API (session cookie, D1 lookups, the
// queue's Durable Object), straight into the same Durable Object class, and against a no-op RPC on it.
const REVIEWERS = 50;
const ITEMS = Number(process.env.BENCH_CLAIM_ITEMS ?? 20_000);
const SECONDS = Number(process.env.BENCH_CLAIM_SECONDS ?? 8);
const WARMUP_SECONDS = 2;
// One reviewer alone shows what a claim costs; fifty show what queueing behind one object's thread adds.
const RUNS = [
  { connections: 1, seconds: 4 },
  { connections: REVIEWERS, seconds: SECONDS },
];
const APP_PORT = 8790;
const FLOOR_PORT = 8791;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function startFloor(persistTo: string) {
  const config = ["--config", "bench/claim/wrangler.toml", "--persist-to", persistTo];
  const migrated = spawnSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", ...config], { stdio: "ignore", env: { ...process.env, CI: "true" } });
  if (migrated.status !== 0) throw new Error("could not apply migrations to the bench Worker's D1");
  const child = spawn("npx", ["wrangler", "dev", "--local", ...config, "--port", String(FLOOR_PORT), "--ip", "127.0.0.1", "--show-interactive-dev-session=false"], { stdio: "ignore", detached: true });
  return { url: `http://127.0.0.1:${FLOOR_PORT}`, stop: () => child.pid && process.kill(-child.pid, "SIGTERM") };
}

async function waitForFloor(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${url}/ping`, { method: "POST" }).then((r) => r.ok, () => false)) return;
    await sleep(200);
  }
  throw new Error("the bench Worker never answered");
}

/** The same queue shape in the bench Worker's object, and a wait until its alarm has mirrored it all. */
async function fillFloorQueue(url: string, ids: readonly string[]): Promise<void> {
  for (const part of batches(ids)) {
    const res = await fetch(`${url}/setup`, { method: "POST", body: JSON.stringify({ traceIds: part }) });
    if (!res.ok) throw new Error(`/setup: ${res.status} ${await res.text()}`);
  }
  for (let i = 0; i < 120; i++) {
    if (Number(await (await fetch(`${url}/mirrored`)).text()) === ids.length) return;
    await sleep(500);
  }
  throw new Error("the bench Worker's queue never finished mirroring");
}

const apiClaim = z.object({ item: z.object({ traceId: z.string() }).nullable() });
const rpcClaim = z.object({ ok: z.literal(true), value: z.object({ traceId: z.string() }).nullable() });
const traceIdFrom = (schema: z.ZodType<{ traceId: string } | null>) => (body: string) => {
  const parsed = schema.safeParse(JSON.parse(body));
  return parsed.success ? parsed.data?.traceId ?? null : null;
};

// Other work on the machine moves these numbers a lot on two cores: record how busy it was.
const loadBefore = loadavg()[0]!.toFixed(1);
const persistTo = mkdtempSync(join(tmpdir(), "aq-bench-claim-"));
const floorPersistTo = mkdtempSync(join(tmpdir(), "aq-bench-claim-floor-"));
const timings: string[] = [];
const notes: string[] = [];
const timed = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
  const started = Date.now();
  const result = await work();
  timings.push(`${what} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`bench/claim: ${what} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
};

const accounts = await timed("database and reviewer accounts", async () => {
  const demo = await prepareDatabase(persistTo);
  return { ...demo, cookies: await createReviewers(persistTo, demo.projectId, REVIEWERS) };
});
const app = await timed("app start", () => startApp({ port: APP_PORT, persistTo, settleSeconds: 10, quiet: true }));
const floor = startFloor(floorPersistTo);
const rows: Measurement[] = [];
try {
  await waitForFloor(floor.url);
  const ids = traceIds(ITEMS);
  const queueId = await timed(`${ITEMS} traces and queue items through the API`, () => fillQueue(app.url, accounts.adminKey, ids));
  const quiet = await timed("settling and mirroring", () => waitForQuiet(app.url, accounts.adminKey, queueId, ids));
  if (!quiet.quiet) notes.push(`the app was still settling when measured (${Math.round(quiet.settledShare * 100)}% of sampled traces settled)`);
  await timed("bench Worker queue", () => fillFloorQueue(floor.url, traceIds(ITEMS)));

  const targets: Target[] = [
    {
      name: "no-op RPC floor (`ping`)",
      url: floor.url,
      claim: () => ({ path: "/ping" }),
      complete: () => ({ path: "/ping" }),
      claimed: () => "ping",
    },
    {
      name: "DO-direct (RPC `claim` / `complete`)",
      url: floor.url,
      claim: (r) => ({ path: `/claim?reviewer=r${r}` }),
      complete: (r, traceId) => ({ path: `/complete?reviewer=r${r}&trace=${traceId}` }),
      claimed: traceIdFrom(rpcClaim.transform((o) => o.value)),
    },
    {
      name: "HTTP API (session cookie)",
      url: app.url,
      claim: (r) => ({ path: `/api/v1/queues/${queueId}/claim`, headers: { cookie: accounts.cookies[r]! } }),
      complete: (r, traceId) => ({ path: `/api/v1/queues/${queueId}/items/${traceId}/complete`, headers: { cookie: accounts.cookies[r]! } }),
      claimed: traceIdFrom(apiClaim.transform((o) => o.item)),
    },
  ];
  for (const target of targets) {
    // Warm-up: isolates, prepared statements and the objects' caches, then a breath for alarms to drain.
    await measure(target, REVIEWERS, WARMUP_SECONDS);
    for (const run of RUNS) {
      await sleep(1000);
      const row = await measure(target, run.connections, run.seconds);
      rows.push(row);
      console.log(JSON.stringify(row));
    }
  }
} finally {
  await app.stop();
  floor.stop();
  rmSync(persistTo, { recursive: true, force: true });
  rmSync(floorPersistTo, { recursive: true, force: true });
}

const perSecond = (row: Measurement) => row.requests / row.seconds;
const floorFor = (row: Measurement) => rows.find((r) => r.target === rows[0]?.target && r.connections === row.connections) ?? row;
const lines = [
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${new Date().toISOString().slice(0, 10)}; one connection per reviewer, ` +
    `${RUNS.map((r) => `${r.seconds} s at ${r.connections}`).join(" and ")} after ${WARMUP_SECONDS} s of warm-up; ${ITEMS} items per queue; ` +
    `load from one autocannon instance on the same machine (1-minute load average ${loadBefore} before the run).`,
  "",
  "| path | reviewers | claim→complete cycles/s | requests/s | share of floor | claim p50 / p99 ms | complete p50 / p99 ms | failures |",
  "|---|---|---|---|---|---|---|---|",
  ...rows.map((row) => {
    const share = (perSecond(row) / Math.max(1, perSecond(floorFor(row)))).toFixed(2);
    return `| ${row.target} | ${row.connections} | ${Math.round(row.cycles / row.seconds)} | ${Math.round(perSecond(row))} | ${share} | ${row.claim.p50} / ${row.claim.p99} | ${row.complete.p50} / ${row.complete.p99} | ${row.failures} |`;
  }),
  "",
  `Setup: ${timings.join("; ")}.`,
  "For the floor both columns are `ping`: its cycle is two pings, so its cycles/s compare with the others'.",
  ...notes.map((note) => `Note: ${note}.`),
];
writeFileSync("bench/claim/results.md", lines.join("\n") + "\n");
console.log(lines.join("\n"));
