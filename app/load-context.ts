import type { Principal } from "../worker/auth/principal";

declare module "@remix-run/cloudflare" {
  interface AppLoadContext {
    cloudflare: { env: Env; ctx: ExecutionContext };
    /** Per-response CSP nonce for the scripts Remix inlines. */
    nonce: string;
  }
}

export type { Principal };

// Single fetch (turbo-stream) keeps loader data's types instead of JSON-serializing them.
declare module "@remix-run/server-runtime" {
  interface Future {
    v3_singleFetch: true;
  }
}
