import { inject } from "vitest";

/** The running app's JSON API, as a client with `key` calls it: GET without a body, POST with one. */
export async function appApi<T>(path: string, key: string, body?: unknown): Promise<T> {
  const res = await fetch(`${inject("baseUrl")}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
