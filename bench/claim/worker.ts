import { z } from "zod";
import { AnnotationQueue } from "../../durable-objects/annotation-queue";

// The DO-direct path and the floor of bench/claim: the app's own Durable Object class, reached with no auth, no
// D1 lookups and no Hono. API minus DO-direct is what the API adds in front of the object; DO-direct minus the
// floor is what claiming and completing cost inside it.
export class BenchQueue extends AnnotationQueue {
  /** No work at all: one RPC round trip into this object. */
  async ping(): Promise<number> {
    return 1;
  }
}

interface BenchEnv {
  ANNOTATION_QUEUE: DurableObjectNamespace<BenchQueue>;
  DB: D1Database;
}

const setupSchema = z.object({ traceIds: z.array(z.string().min(1)).min(1).max(1000) });
// As the app's "Claim bench" queue is created: one review per item, ten-minute leases.
const LEASE_MS = 600_000;

function outcome<T>(result: { ok: true; value: T } | { ok: false; code: string; message: string }): Response {
  return Response.json(result, { status: result.ok ? 200 : 409 });
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const queueId = url.searchParams.get("queue") ?? "bench";
    const stub = env.ANNOTATION_QUEUE.get(env.ANNOTATION_QUEUE.idFromName(queueId));
    const reviewer = url.searchParams.get("reviewer") ?? "";
    switch (url.pathname) {
      case "/ping":
        return Response.json(await stub.ping());
      case "/claim":
        return outcome(await stub.claim(reviewer));
      case "/complete":
        return outcome(await stub.complete(url.searchParams.get("trace") ?? "", reviewer));
      case "/setup": {
        const { traceIds } = setupSchema.parse(await request.json());
        await stub.configure({ queueId, projectId: "bench", reviewersPerItem: 1, leaseMs: LEASE_MS });
        return Response.json((await stub.add(traceIds)).progress);
      }
      case "/mirrored": {
        // How far the object's alarm has copied its items into D1: the run waits for it before measuring.
        const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM queue_items WHERE queue_id = ?").bind(queueId).first<{ n: number }>();
        return Response.json(row?.n ?? 0);
      }
    }
    return new Response("not found", { status: 404 });
  },
} satisfies ExportedHandler<BenchEnv>;
