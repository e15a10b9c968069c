import autocannon from "autocannon";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { prepareDatabase, startApp } from "../../scripts/local-app";
import { withLocalDatabase } from "../../scripts/seed";
import { eq } from "drizzle-orm";
import { createApiKey } from "../../worker/auth/api-keys";
import { classifierSettings } from "../../worker/db/schema";
import { encodeProtoRequest } from "../../worker/ingest/otlp-proto-fixtures";
import { exportRequest, SPANS_PER_REQUEST } from "./payload";

// bench/ingest: OTLP JSON and protobuf against the app and against a decode-only floor, at several concurrencies.
const CONCURRENCIES = [1, 10, 50];
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const POOL = 400;
// Spread over many keys so the per-key rate limit measures nothing here.
const KEYS = 40;

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      await fetch(url, { method: "POST" });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${url} never answered`);
}

function startFloor(port: number) {
  const child = spawn("npx", ["wrangler", "dev", "--local", "--config", "bench/floor/wrangler.toml", "--port", String(port), "--ip", "127.0.0.1", "--show-interactive-dev-session=false"], { stdio: "ignore", detached: true });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.pid && process.kill(-child.pid, "SIGTERM") };
}

interface Row {
  target: "app" | "floor";
  encoding: "json" | "protobuf";
  connections: number;
  requestsPerSecond: number;
  spansPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function measure(url: string, encoding: Row["encoding"], connections: number, keys: string[], bodies: (string | Buffer)[]): Promise<Omit<Row, "target">> {
  let n = 0;
  const contentType = encoding === "json" ? "application/json" : "application/x-protobuf";
  const result = await autocannon({
    url: `${url}/v1/traces`,
    connections,
    duration: SECONDS,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          n++;
          return { ...request, body: bodies[n % bodies.length], headers: { "content-type": contentType, authorization: `Bearer ${keys[n % keys.length]}` } };
        },
      },
    ],
  });
  return {
    encoding,
    connections,
    requestsPerSecond: Math.round(result.requests.average),
    spansPerSecond: Math.round(result.requests.average * SPANS_PER_REQUEST),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

const persistTo = mkdtempSync(join(tmpdir(), "aq-bench-"));
const accounts = await prepareDatabase(persistTo);
const keys = await withLocalDatabase(persistTo, async (db) => {
  // LLM classification runs on Workers AI in its own queue; locally its stand-in would only compete for the CPU.
  // The deterministic classifiers stay on: they are part of settling.
  await db.update(classifierSettings).set({ llmSamplingPercent: 0 }).where(eq(classifierSettings.projectId, accounts.projectId));
  return Promise.all(Array.from({ length: KEYS }, (_, i) => createApiKey(db, { projectId: accounts.projectId, name: `bench ${i}`, scope: "ingest" }).then((k) => k.secret)));
});
// BENCH_SETTLE_SECONDS=3600 keeps the consumer out of the measured window, to see what ingest alone costs.
const app = await startApp({ port: 8788, persistTo, settleSeconds: Number(process.env.BENCH_SETTLE_SECONDS ?? 10), quiet: true });
const floor = startFloor(8789);
await waitFor(`${floor.url}/v1/traces`);

const requests = Array.from({ length: POOL }, () => exportRequest());
const bodies = { json: requests.map((r) => JSON.stringify(r)), protobuf: requests.map((r) => Buffer.from(encodeProtoRequest(r))) };
const rows: Row[] = [];
try {
  for (const encoding of ["json", "protobuf"] as const) {
    for (const connections of CONCURRENCIES) {
      for (const [target, url] of [["floor", floor.url], ["app", app.url]] as const) {
        const row = { target, ...(await measure(url, encoding, connections, keys, bodies[encoding])) };
        rows.push(row);
        console.log(JSON.stringify(row));
      }
    }
  }
} finally {
  await app.stop();
  floor.stop();
  rmSync(persistTo, { recursive: true, force: true });
}

const lines = [
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${new Date().toISOString().slice(0, 10)}, ${SECONDS} s per run, ${SPANS_PER_REQUEST} spans/request`,
  "",
  "| encoding | connections | app spans/s | floor spans/s | ratio | app p50 / p99 ms | floor p50 / p99 ms | app non-2xx |",
  "|---|---|---|---|---|---|---|---|",
  ...CONCURRENCIES.flatMap((connections) =>
    (["json", "protobuf"] as const).map((encoding) => {
      const appRow = rows.find((r) => r.target === "app" && r.encoding === encoding && r.connections === connections)!;
      const floorRow = rows.find((r) => r.target === "floor" && r.encoding === encoding && r.connections === connections)!;
      const ratio = (appRow.spansPerSecond / Math.max(1, floorRow.spansPerSecond)).toFixed(2);
      return `| ${encoding} | ${connections} | ${appRow.spansPerSecond} | ${floorRow.spansPerSecond} | ${ratio} | ${appRow.p50} / ${appRow.p99} | ${floorRow.p50} / ${floorRow.p99} | ${appRow.non2xx + appRow.errors} |`;
    }),
  ),
];
writeFileSync("bench/ingest/results.md", lines.join("\n") + "\n");
console.log(lines.join("\n"));
