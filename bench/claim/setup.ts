import { withLocalDatabase } from "../../scripts/seed";
import { addMember, createUser } from "../../worker/auth/accounts";
import { createSession } from "../../worker/auth/sessions";

// What bench/claim needs before it measures: reviewer accounts with sessions, traces, and a queue of them.

const BATCH = 1000;

export function traceIds(count: number): string[] {
  return Array.from({ length: count }, () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join(""));
}

export function batches<T>(items: readonly T[], size = BATCH): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** Reviewer accounts and one session cookie each, written while the app is not running. */
export function createReviewers(persistTo: string, projectId: string, count: number): Promise<string[]> {
  return withLocalDatabase(persistTo, async (db) => {
    const cookies: string[] = [];
    for (let i = 0; i < count; i++) {
      const userId = await createUser(db, { email: `bench-reviewer-${i}@example.com`, name: `Bench reviewer ${i}`, password: "bench-password" });
      await addMember(db, projectId, userId, "reviewer");
      cookies.push(`aq_session=${await createSession(db, userId, projectId)}`);
    }
    return cookies;
  });
}

/** Retried on a 5xx: every write here is idempotent (fixed trace ids), and `wrangler dev` restarts on file edits. */
async function post<T>(url: string, key: string, path: string, body: unknown, attempts = 3): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status >= 500 && attempts > 1) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return post(url, key, path, body, attempts - 1);
  }
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function get<T>(url: string, key: string, path: string): Promise<T> {
  const res = await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${key}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function canonicalTrace(id: string, i: number) {
  const startedAt = Date.now() - 3_600_000 + i;
  return {
    id,
    name: "support chat",
    startedAt,
    endedAt: startedAt + 1200,
    model: "gpt-4o-mini",
    inputTokens: 40,
    outputTokens: 12,
    messages: [
      { role: "user", content: `Where is order ${i}?` },
      { role: "assistant", content: "It left the warehouse this morning and arrives tomorrow." },
    ],
  };
}

/** Traces through `POST /api/v1/traces`, then a queue holding all of them through its items endpoint. */
export async function fillQueue(url: string, adminKey: string, ids: readonly string[]): Promise<string> {
  // This bench measures the queue engine: LLM classification of 20,000 traces would only compete for the CPU.
  const off = await fetch(`${url}/api/v1/classifier-settings`, {
    method: "PATCH",
    headers: { Authorization: `Bearer ${adminKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({ llmSamplingPercent: 0 }),
  });
  if (!off.ok) throw new Error(`classifier-settings: ${off.status} ${await off.text()}`);
  const parts = batches(ids);
  // Two requests in flight: enough to keep D1 busy without tripping over the per-key rate limit.
  for (let i = 0; i < parts.length; i += 2) {
    await Promise.all(parts.slice(i, i + 2).map((part, j) =>
      post(url, adminKey, "/api/v1/traces", { traces: part.map((id, k) => canonicalTrace(id, (i + j) * BATCH + k)) })));
  }
  const queue = await post<{ id: string }>(url, adminKey, "/api/v1/queues", { name: "Claim bench", leaseSeconds: 600 });
  for (const part of parts) await post(url, adminKey, `/api/v1/queues/${queue.id}/items`, { traceIds: part });
  return queue.id;
}

/**
 * Waits until the background work the fill started (settling every trace, mirroring the items into D1) has
 * stopped, so it does not run during the measurement: the queue's mirrored total is complete and the settled
 * share of a sample of traces has stopped moving. Gives up after timeoutMs and says how far it got.
 */
export async function waitForQuiet(url: string, adminKey: string, queueId: string, ids: readonly string[], timeoutMs = 90_000) {
  const started = Date.now();
  const sample = ids.filter((_, i) => i % 499 === 0);
  let previous = -1;
  for (;;) {
    const queue = await get<{ totalItems: number }>(url, adminKey, `/api/v1/queues/${queueId}`);
    const traces = await Promise.all(sample.map((id) => get<{ summary: { settledAt: number | null } }>(url, adminKey, `/api/v1/traces/${id}`)));
    const settled = traces.filter((t) => t.summary.settledAt !== null).length;
    const seconds = (Date.now() - started) / 1000;
    const quiet = queue.totalItems === ids.length && (settled === sample.length || settled === previous);
    if (quiet || Date.now() - started > timeoutMs) return { seconds, settledShare: settled / sample.length, quiet };
    previous = settled;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}
