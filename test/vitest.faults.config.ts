import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Stops and restarts the machine's real Redis and RabbitMQ: runs alone, never beside
// other suites (`npm run test:faults`; `npm test` runs it after everything else).
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    name: "faults",
    include: ["faults/**/*.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
