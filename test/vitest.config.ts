import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "e2e",
    include: ["e2e/**/*.test.ts", "browser/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // End-to-end suites start whole stacks: one file at a time keeps 2 cores usable.
    fileParallelism: false,
  },
});
