import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Edge tests run inside workerd; the global setup starts the real local stand-ins
// (S3, Upstash shim, Data API gateway) and hands their endpoints in as bindings.
export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: { bindings: inject("edgeBindings") },
    })),
  ],
  test: {
    name: "edge",
    globalSetup: ["./test/global-setup.ts"],
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Each test makes real round trips to the stand-ins (scrypt logins, the sweeper's
    // scans); on a loaded 2-core machine 5 s was too little for a few of them.
    testTimeout: 20_000,
  },
});
