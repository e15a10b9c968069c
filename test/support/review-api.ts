import { OpenAPIHono } from "@hono/zod-openapi";
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { annotationChangeRoutes } from "../../worker/api/annotation-changes";
import { annotationRoutes } from "../../worker/api/annotations";
import { authenticate } from "../../worker/api/authenticate";
import type { AppEnv } from "../../worker/api/context";
import { datasetRoutes } from "../../worker/api/datasets";
import { onError } from "../../worker/api/errors";
import { issueRoutes } from "../../worker/api/issues";
import type { ApiResponse } from "./http";

// The issues, datasets and annotation-change routes mounted the way worker/api/app.ts mounts its routes (same
// authentication, same error handler), so their suites exercise the real HTTP handling whether or not app.ts
// has mounted them yet.
export const reviewApi = new OpenAPIHono<AppEnv>();
reviewApi
  .use("/api/v1/*", authenticate)
  .route("/api/v1/issues", issueRoutes)
  .route("/api/v1/datasets", datasetRoutes)
  .route("/api/v1/annotations", annotationRoutes)
  .route("/api/v1/annotations", annotationChangeRoutes)
  .onError(onError);

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

export async function fetchReviewApi(
  path: string,
  options: { method?: string; key?: string; cookie?: string; json?: unknown } = {},
): Promise<RawResponse> {
  const headers = new Headers();
  if (options.key) headers.set("Authorization", `Bearer ${options.key}`);
  if (options.cookie) headers.set("Cookie", options.cookie);
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers.set("Content-Type", "application/json");
  }
  const ctx = createExecutionContext();
  const res = await reviewApi.request(`http://localhost${path}`, { method: options.method ?? (body ? "POST" : "GET"), headers, body }, env, ctx);
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, headers: res.headers, text };
}

/** Like test/support/http's call, against these routes. */
export async function callReviewApi<T = unknown>(path: string, options: Parameters<typeof fetchReviewApi>[1] = {}): Promise<ApiResponse<T>> {
  const res = await fetchReviewApi(path, options);
  return { status: res.status, body: (res.text ? JSON.parse(res.text) : null) as T };
}
