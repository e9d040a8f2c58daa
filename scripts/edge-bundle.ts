import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";

/** The Workers free plan's limit on a Worker's gzipped size. */
export const FREE_PLAN_GZIP_LIMIT = 3 * 1024 * 1024;
const root = fileURLToPath(new URL("..", import.meta.url));

export interface EdgeBundle {
  /** The entry module `wrangler deploy` would upload. */
  mainPath: string;
  rawBytes: number;
  gzipBytes: number;
}

/** Builds the edge exactly as `wrangler deploy` would (dry run, no network) into `outDir`. */
export async function buildEdgeBundle(environment: string, outDir: string): Promise<EdgeBundle> {
  await promisify(execFile)(
    process.execPath,
    [
      join(root, "node_modules/wrangler/bin/wrangler.js"),
      "deploy",
      "--dry-run",
      "--outdir",
      outDir,
      "--env",
      environment,
    ],
    {
      cwd: join(root, "edge"),
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
      maxBuffer: 16 << 20,
    },
  );
  let rawBytes = 0;
  let gzipBytes = 0;
  const scripts = (await readdir(outDir)).filter((file) => file.endsWith(".js"));
  for (const file of scripts) {
    const bytes = await readFile(join(outDir, file));
    rawBytes += bytes.length;
    gzipBytes += gzipSync(bytes).length;
  }
  const main = scripts.find((file) => file === "index.js") ?? scripts[0];
  if (!main) throw new Error(`wrangler wrote no script to ${outDir}`);
  return { mainPath: join(outDir, main), rawBytes, gzipBytes };
}
