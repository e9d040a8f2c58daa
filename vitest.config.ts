import { defineConfig } from "vitest/config";

// One `vitest run` drives every package: each project has its own config.
export default defineConfig({
  test: {
    projects: [
      "shared/vitest.config.ts",
      "data-api/vitest.config.ts",
      "dev/vitest.config.ts",
      "edge/vitest.config.ts",
      "transcoder/vitest.config.ts",
      "cli/vitest.config.ts",
      "test/vitest.config.ts",
      "test/vitest.deploy.config.ts",
    ],
  },
});
