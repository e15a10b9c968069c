import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Unit and integration suites inside workerd, with the real bindings of wrangler.toml (local D1, Durable
// Objects, Queues). Workers AI is remote-only, so tests never reach it (`remoteBindings: false`).
export default defineConfig(async () => ({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      remoteBindings: false,
      miniflare: {
        bindings: { TEST_MIGRATIONS: await readD1Migrations("./migrations") },
        // Low enough that a test can reach it; every test project has its own keys, so others never do.
        ratelimits: { INGEST_RATE_LIMITER: { namespace_id: "1001", simple: { limit: 40, period: 60 } } },
      },
    }),
  ],
  test: {
    include: ["worker/**/*.test.ts", "durable-objects/**/*.test.ts", "test/integration/**/*.test.ts"],
    setupFiles: ["./test/apply-migrations.ts"],
    // Remix ships CommonJS the pool's module fallback cannot link; pre-bundle it to ESM instead.
    deps: { optimizer: { ssr: { enabled: true, include: ["@remix-run/cloudflare", "@remix-run/server-runtime"] } } },
  },
}));
