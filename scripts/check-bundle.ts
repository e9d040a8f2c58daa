/**
 * Builds the edge like `wrangler deploy` would (dry run, no network) and fails when
 * the gzipped Worker exceeds the Workers free plan's 3 MiB limit.
 *   npm run check:bundle [-- --env production]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildEdgeBundle, FREE_PLAN_GZIP_LIMIT } from "./edge-bundle.ts";

const envIndex = process.argv.indexOf("--env");
const env = (envIndex > 0 ? process.argv[envIndex + 1] : undefined) ?? "production";

const out = await mkdtemp(join(tmpdir(), "edge-bundle-"));
try {
  const { rawBytes, gzipBytes } = await buildEdgeBundle(env, out);
  console.log(
    JSON.stringify({
      env,
      rawBytes,
      gzipBytes,
      limitGzipBytes: FREE_PLAN_GZIP_LIMIT,
      ratioToLimit: +(gzipBytes / FREE_PLAN_GZIP_LIMIT).toFixed(3),
    }),
  );
  if (gzipBytes > FREE_PLAN_GZIP_LIMIT) {
    console.error("The edge bundle is over the Workers free plan's limit.");
    process.exitCode = 1;
  }
} finally {
  await rm(out, { recursive: true, force: true });
}
