import { SELF } from "cloudflare:test";

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/** Calls the Worker as an HTTP client would. */
export async function call<T = unknown>(
  path: string,
  options: { method?: string; key?: string; cookie?: string; json?: unknown; body?: string; contentType?: string } = {},
): Promise<ApiResponse<T>> {
  const headers = new Headers();
  if (options.key) headers.set("Authorization", `Bearer ${options.key}`);
  if (options.cookie) headers.set("Cookie", options.cookie);
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers.set("Content-Type", "application/json");
  }
  if (options.contentType) headers.set("Content-Type", options.contentType);
  const res = await SELF.fetch(`http://localhost${path}`, { method: options.method ?? (body ? "POST" : "GET"), headers, body });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}
