import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Issue 15's end-to-end check with the real transcoder (`npm run test:watch-early`). Not in
// `npm test` yet: it still fails now and then with one hls.js `bufferStalledError` while the
// video is processing (seen in a clean-clone run; it passed in two runs before), a defect of
// issue 15 that is still open.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    name: "watch-early",
    include: ["watch-early/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
