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
  },
});
