import { createRequestHandler, type ServerBuild } from "@remix-run/cloudflare";
// @ts-expect-error -- `remix vite:build` emits the server build as untyped JavaScript.
import * as serverBuild from "../build/server/index.js";
import { api, isApiPath } from "./api/app";
import { randomToken } from "./auth/crypto";
import { consumeTraceEvents } from "./pipeline/consumer";
import { consumeLlmClassify } from "./pipeline/llm-classify";
import { withSecurityHeaders } from "./security-headers";

export { AnnotationQueue } from "../durable-objects/annotation-queue";
export { ProjectBaselines } from "../durable-objects/project-baselines";

const handleRemix = createRequestHandler(serverBuild as ServerBuild);

export default {
  async fetch(request, env, ctx) {
    if (isApiPath(new URL(request.url).pathname)) return api.fetch(request, env, ctx);
    const nonce = randomToken(16);
    return withSecurityHeaders(await handleRemix(request, { cloudflare: { env, ctx }, nonce }), nonce);
  },
  async queue(batch, env) {
    if (batch.queue.startsWith("trace-events")) await consumeTraceEvents(batch, env);
    else if (batch.queue.startsWith("llm-classify")) await consumeLlmClassify(batch, env);
  },
} satisfies ExportedHandler<Env>;
