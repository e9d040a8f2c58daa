/** Bundles the console into edge/public/assets (served as Workers static assets). */
import { build } from "esbuild";
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
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(JSON.stringify({ msg: "console built", bytes }));
