import { SELF } from "cloudflare:test";
import { and, count, eq, inArray } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../worker/auth/api-keys";
import { spans } from "../../worker/db/schema";
import { otlpRequest } from "../../worker/ingest/otlp-arbitraries";
import { encodeProtoRequest } from "../../worker/ingest/otlp-proto-fixtures";
import { createTestProject, type TestProject } from "../support/project";

// Whatever arrives at POST /v1/traces, in either encoding: a 4xx that says why, or a 200 (with partialSuccess for
// what was refused). Never a 5xx, and a refused request leaves no rows behind.

const RUNS = 60;
let project: TestProject;
let keys: string[] = [];
let used = 0;

beforeAll(async () => {
  project = await createTestProject();
  // The per-key rate limit must not be what answers.
  keys = await Promise.all(Array.from({ length: 6 }, (_, i) => createApiKey(project.db, { projectId: project.projectId, name: `fuzz ${i}`, scope: "ingest" }).then((k) => k.secret)));
});

type Request = { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] };
const traceIdsOf = (request: Request) => [...new Set(request.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((x) => x.traceId))))];
const spanCountOf = (request: Request) => request.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)).length;

async function post(body: Uint8Array<ArrayBuffer> | string, contentType: string) {
  const key = keys[used++ % keys.length]!;
  return SELF.fetch("http://localhost/v1/traces", { method: "POST", body, headers: { Authorization: `Bearer ${key}`, "Content-Type": contentType } });
}

async function storedFor(traceIds: string[]): Promise<number> {
  if (traceIds.length === 0) return 0;
  const [row] = await project.db.select({ n: count() }).from(spans).where(and(eq(spans.projectId, project.projectId), inArray(spans.traceId, traceIds.slice(0, 80))));
  return row?.n ?? 0;
}

async function expectHonestAnswer(res: Response, request: Request): Promise<void> {
  expect([200, 400, 413]).toContain(res.status);
  await res.arrayBuffer();
  const stored = await storedFor(traceIdsOf(request));
  if (res.status === 200) expect(stored).toBeLessThanOrEqual(spanCountOf(request));
  else expect(stored).toBe(0);
}

// Byte-level damage: flips, truncation, insertion. Applied to either encoding's bytes.
const damage = fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), kind: fc.constantFrom("flip", "truncate", "insert", "none") });
function applyDamage(bytes: Uint8Array, { at, byte, kind }: { at: number; byte: number; kind: string }): Uint8Array<ArrayBuffer> {
  const i = bytes.length === 0 ? 0 : at % bytes.length;
  if (kind === "truncate") return new Uint8Array(bytes.slice(0, i));
  if (kind === "insert") return new Uint8Array([...bytes.slice(0, i), byte, ...bytes.slice(i)]);
  const copy = new Uint8Array(bytes);
  if (kind === "flip" && copy.length > 0) copy[i] = byte;
  return copy;
}

describe("fuzzing POST /v1/traces", () => {
  it("answers every damaged JSON export honestly", async () => {
    await fc.assert(
      fc.asyncProperty(otlpRequest, damage, async (request, d) => {
        const bytes = applyDamage(new TextEncoder().encode(JSON.stringify(request)), d);
        await expectHonestAnswer(await post(bytes, "application/json"), request as Request);
      }),
      { numRuns: RUNS },
    );
  });

  it("answers every damaged protobuf export honestly", async () => {
    await fc.assert(
      fc.asyncProperty(otlpRequest, damage, async (request, d) => {
        const bytes = applyDamage(encodeProtoRequest(request), d);
        await expectHonestAnswer(await post(bytes, "application/x-protobuf"), request as Request);
      }),
      { numRuns: RUNS },
    );
  });

  it("answers JSON whose fields hold values of the wrong type with a 4xx or a partialSuccess", async () => {
    await fc.assert(
      fc.asyncProperty(otlpRequest, fc.constantFrom("traceId", "spanId", "name", "startTimeUnixNano", "attributes", "events", "status", "kind"), fc.jsonValue(), async (request, field, junk) => {
        const broken = structuredClone(request) as { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
        const target = broken.resourceSpans[0]?.scopeSpans[0]?.spans[0];
        if (target) target[field] = junk;
        const res = await post(JSON.stringify(broken), "application/json");
        await expectHonestAnswer(res, request as Request);
      }),
      { numRuns: RUNS },
    );
  });
});
