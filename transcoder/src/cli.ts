/** `npm run -w transcoder transcode -- <input> <outdir>`: the worker's pipeline on a local file. */
import { resolve } from "node:path";
import { DEFAULT_LADDER } from "@coursecast/shared";
import { PROFILES, type ProfileName } from "./pipeline/encoding-profile.ts";
import { TOP_RUNG_POLICIES, type TopRungPolicy } from "./pipeline/top-rung-choice.ts";
import { transcodeFile } from "./pipeline/transcode-file.ts";

const [input, outDir] = process.argv.slice(2);
if (!input || !outDir) {
  process.stderr.write("usage: npm run -w transcoder transcode -- <input> <outdir>\n");
  process.exit(2);
}

// ENCODING_PROFILE=fixed-bitrate gives the ladder as it was before per-title encoding (the bench's baseline).
const profileName = (process.env.ENCODING_PROFILE ?? "capped-quality") as ProfileName;
const profile = PROFILES[profileName];
if (!profile) {
  process.stderr.write(`ENCODING_PROFILE must be one of ${Object.keys(PROFILES).join(", ")}\n`);
  process.exit(2);
}

// TOP_RUNG=copy copies an eligible source's video as the top rung without the analysis (as before).
const topRung = (process.env.TOP_RUNG ?? "auto") as TopRungPolicy;
if (!TOP_RUNG_POLICIES.includes(topRung)) {
  process.stderr.write(`TOP_RUNG must be one of ${TOP_RUNG_POLICIES.join(", ")}\n`);
  process.exit(2);
}

const started = Date.now();
const draw = (percent: number) => {
  const filled = Math.round(percent / 4);
  const line = `transcoding [${"#".repeat(filled)}${"-".repeat(25 - filled)}] ${percent.toFixed(0)}%`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
};

try {
  const manifest = await transcodeFile(resolve(input), resolve(outDir), {
    ladder: DEFAULT_LADDER,
    maxDurationSeconds: Number(process.env.MAX_DURATION_SECONDS ?? 4 * 3600),
    preset: process.env.FFMPEG_PRESET ?? "veryfast",
    profile,
    topRung,
    onProgress: draw,
  });
  draw(100);
  const seconds = (Date.now() - started) / 1000;
  process.stderr.write(`\n`);
  process.stdout.write(
    `${JSON.stringify({ outDir: resolve(outDir), renditions: manifest.renditions.map((r) => r.name), durationSeconds: manifest.durationSeconds, wallSeconds: seconds, realtime: manifest.durationSeconds / seconds })}\n`,
  );
} catch (err) {
  process.stderr.write(`\ntranscode failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
