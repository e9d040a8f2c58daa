import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "transcoder",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["test/faults/**"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
