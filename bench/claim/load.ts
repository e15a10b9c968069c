import autocannon, { type Client } from "autocannon";

// One autocannon instance, one connection per virtual reviewer, each looping claim → complete. Latency is
// autocannon's own per-request measure (socket write to last byte of the response), filed under the request
// that was answered; pipelining stays at 1, so a connection never has two requests in flight.

export interface Target {
  name: string;
  url: string;
  claim(reviewer: number): Call;
  complete(reviewer: number, traceId: string): Call;
  /** The claimed item's trace id, read from a claim response body; null when nothing was claimed. */
  claimed(body: string): string | null;
}

export interface Call {
  path: string;
  headers?: Record<string, string>;
}

export interface Measurement {
  target: string;
  connections: number;
  seconds: number;
  cycles: number;
  requests: number;
  claim: { p50: number; p99: number };
  complete: { p50: number; p99: number };
  /** Non-2xx answers, socket errors, timeouts and claims that came back empty. */
  failures: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export async function measure(target: Target, connections: number, seconds: number): Promise<Measurement> {
  const samples = { claim: [] as number[], complete: [] as number[] };
  let cycles = 0;
  let failures = 0;
  let nextReviewer = 0;

  // Per-connection state lives in this closure: autocannon resets a request's `context` at every loop.
  const setupClient = (client: Client) => {
    const reviewer = nextReviewer++ % connections;
    const state = { traceId: null as string | null, answered: "claim" as "claim" | "complete" };
    const request = (call: Call) => ({ method: "POST" as const, path: call.path, headers: call.headers ?? {} });
    client.setRequests([
      {
        ...request(target.claim(reviewer)),
        onResponse: (status: number, body: string) => {
          state.answered = "claim";
          state.traceId = status < 300 ? target.claimed(body) : null;
          if (status < 300 && state.traceId === null) failures++;
        },
      },
      {
        method: "POST",
        // Built when it is due, after the claim's answer: the path names the item just claimed.
        setupRequest: (req) => ({ ...req, ...request(target.complete(reviewer, state.traceId ?? "none")) }),
        onResponse: (status: number) => {
          state.answered = "complete";
          if (status < 300) cycles++;
        },
      },
    ]);
    client.on("response", (status: number, _bytes: number, ms: number) => {
      samples[state.answered].push(ms);
      if (status >= 300) failures++;
    });
  };

  const result = await autocannon({
    url: target.url,
    connections,
    pipelining: 1,
    duration: seconds,
    setupClient,
  });
  const claim = samples.claim.sort((a, b) => a - b);
  const complete = samples.complete.sort((a, b) => a - b);
  return {
    target: target.name,
    connections,
    seconds,
    cycles,
    requests: result.requests.total,
    claim: { p50: round(percentile(claim, 50)), p99: round(percentile(claim, 99)) },
    complete: { p50: round(percentile(complete, 50)), p99: round(percentile(complete, 99)) },
    failures: failures + result.errors + result.timeouts,
  };
}
