import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Changes the broker-wide consumer timeout: runs alone (`npm run test:faults`; `npm test`
// runs it after everything else).
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    name: "transcoder-faults",
    include: ["test/faults/**/*.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 60_000,
  },
});
