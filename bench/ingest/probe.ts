// Ad-hoc probe (not part of npm run bench): sequential ingest latencies, with and without settling load.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prepareDatabase, startApp } from "../../scripts/local-app";
import { exportRequest } from "./payload";

const persistTo = mkdtempSync(join(tmpdir(), "aq-probe-"));
const accounts = await prepareDatabase(persistTo);
const app = await startApp({ port: 8790, persistTo, settleSeconds: Number(process.env.SETTLE ?? 10), quiet: process.env.LOUD !== "1" });
const noRoot = process.env.NOROOT === "1";
const bodies = Array.from({ length: 200 }, () => {
  const r = exportRequest();
  if (noRoot) for (const s of r.resourceSpans[0]!.scopeSpans[0]!.spans) if (s.parentSpanId === "") s.parentSpanId = "0102030405060708";
  return JSON.stringify(r);
});
const times: number[] = [];
for (const body of bodies) {
  const t = performance.now();
  const res = await fetch(`${app.url}/v1/traces`, { method: "POST", body, headers: { "content-type": "application/json", authorization: `Bearer ${accounts.ingestKey}` } });
  await res.arrayBuffer();
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ noRoot, mean: times.reduce((a, b) => a + b) / times.length, p50: times[100], p90: times[180], p99: times[198], max: times[199] }));
await app.stop();
