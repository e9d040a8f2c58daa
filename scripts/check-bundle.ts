/**
 * Builds the edge like `wrangler deploy` would (dry run, no network) and fails when
 * the gzipped Worker exceeds the Workers free plan's 3 MiB limit.
 *   npm run check:bundle [-- --env production]
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";

const FREE_PLAN_GZIP_LIMIT = 3 * 1024 * 1024;
const root = fileURLToPath(new URL("..", import.meta.url));
const envIndex = process.argv.indexOf("--env");
const env = envIndex > 0 ? process.argv[envIndex + 1] : "production";

const out = await mkdtemp(join(tmpdir(), "edge-bundle-"));
try {
  await promisify(execFile)(
    process.execPath,
    [
      join(root, "node_modules/wrangler/bin/wrangler.js"),
      "deploy",
      "--dry-run",
      "--outdir",
      out,
      "--env",
      env!,
    ],
    {
      cwd: join(root, "edge"),
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
      maxBuffer: 16 << 20,
    },
  );
  let raw = 0;
  let gzip = 0;
  for (const file of await readdir(out)) {
    if (!file.endsWith(".js")) continue;
    const bytes = await readFile(join(out, file));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  const report = {
    env,
    rawBytes: raw,
    gzipBytes: gzip,
    limitGzipBytes: FREE_PLAN_GZIP_LIMIT,
    ratioToLimit: +(gzip / FREE_PLAN_GZIP_LIMIT).toFixed(3),
  };
  console.log(JSON.stringify(report));
  if (gzip > FREE_PLAN_GZIP_LIMIT) {
    console.error("The edge bundle is over the Workers free-plan limit.");
    process.exit(1);
  }
} finally {
  await rm(out, { recursive: true, force: true });
}
