/** Bundles the console into edge/public/assets (served as Workers static assets). */
import { build } from "esbuild";
import { copyFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const consoleDir = fileURLToPath(new URL("../../edge/console/", import.meta.url));
const watch = process.argv.includes("--watch");

const result = await build({
  entryPoints: [`${consoleDir}src/main.ts`],
  outdir: `${consoleDir}../public/assets`,
  entryNames: "app",
  // hls.js is loaded only when a player opens.
  splitting: true,
  chunkNames: "chunk-[hash]",
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: !watch,
  sourcemap: true,
  metafile: true,
  logLevel: "warning",
});
// /docs loads the API reference from the Worker's own assets: a pinned copy, no CDN.
const require = createRequire(import.meta.url);
// The package exports no path to its browser bundle: it sits beside the entry (dist/).
const scalarDist = dirname(require.resolve("@scalar/api-reference", { paths: [consoleDir] }));
await copyFile(
  join(scalarDist, "browser", "standalone.js"),
  `${consoleDir}../public/assets/scalar-api-reference.js`,
);
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(JSON.stringify({ msg: "console built", bytes }));
