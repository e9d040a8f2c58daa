import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { generateClip } from "@coursecast/dev/test-support";
import type { Rung } from "@coursecast/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transcodeFile, type TranscodeOptions } from "../src/pipeline/transcode-file.ts";

const run = promisify(execFile);
const makeLecture = fileURLToPath(new URL("../../bench/media/make-lecture.sh", import.meta.url));

// The default ladder's lower rungs: a 640x360 source's top rung is the 360p one (cap 800 kb/s).
const LADDER: Rung[] = [
  { name: "360p", height: 360, videoBitrate: 800_000 },
  { name: "240p", height: 240, videoBitrate: 400_000 },
];
const SECONDS = 12;

let dir: string;
let lectureAtCrf: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "top-rung-"));
  // Still slides with a small moving inset, x264 CRF 20, keyframes every 2 s (on the grid).
  lectureAtCrf = join(dir, "lecture-crf.mp4");
  await run("bash", [makeLecture, lectureAtCrf, String(SECONDS), "640x360"]);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The same lecture exported at a fixed high bitrate, still on the 2 s grid (as an editor would). */
async function lectureAtHighBitrate(): Promise<string> {
  const out = join(dir, "lecture-600k.mp4");
  await run("ffmpeg", [
    ...["-hide_banner", "-loglevel", "error", "-y", "-i", lectureAtCrf],
    ...["-c:v", "libx264", "-preset", "fast", "-b:v", "600k", "-maxrate", "600k"],
    ...["-bufsize", "1200k", "-g", "60", "-keyint_min", "60", "-sc_threshold", "0"],
    ...["-pix_fmt", "yuv420p", "-c:a", "copy", out],
  ]);
  return out;
}

function transcode(source: string, name: string, extra: Partial<TranscodeOptions> = {}) {
  return transcodeFile(source, join(dir, name), {
    ladder: LADDER,
    maxDurationSeconds: 3600,
    preset: "veryfast",
    scratchDir: dir,
    ...extra,
  });
}

describe("top rung: copy or encode, per title", () => {
  it("should encode the top rung of a high-bitrate lecture on the grid, at well under its bits", async () => {
    const source = await lectureAtHighBitrate();
    const manifest = await transcode(source, "out-high");
    expect(manifest.source.video.bitrate).toBeGreaterThan(400_000);
    expect(manifest.topRungCopied).toBe(false);
    const top = manifest.renditions[0]!;
    expect(top.name).toBe("360p");
    expect(top.averageBitrate).toBeLessThan(manifest.source.video.bitrate * 0.7);
    // Encoded as a rung, not the source's High profile: the ladder that replaces a copy
    // runs at ultrafast (encoding-profile.ts), which x264 signals as Constrained Baseline.
    expect(top.codecs).toMatch(/^avc1\.42c0/);
  }, 240_000);

  it("should copy a lecture already encoded near what capped CRF would spend", async () => {
    const manifest = await transcode(lectureAtCrf, "out-crf");
    expect(manifest.topRungCopied).toBe(true);
  }, 240_000);

  it("should copy noisy high motion on the grid, where the cap binds", async () => {
    const source = await generateClip(join(dir, "noisy.mp4"), {
      size: "640x360",
      seconds: SECONDS,
      filters: ",noise=alls=8:allf=t",
      gopSeconds: 2,
      videoBitrate: "600k",
      capBitrate: true,
    });
    const manifest = await transcode(source, "out-noisy");
    expect(manifest.topRungCopied).toBe(true);
  }, 240_000);

  it("should copy whenever eligible with topRung: copy (TOP_RUNG=copy), no analysis", async () => {
    const source = await lectureAtHighBitrate();
    const manifest = await transcode(source, "out-forced", { topRung: "copy" });
    expect(manifest.topRungCopied).toBe(true);
    expect(manifest.renditions[0]!.averageBitrate).toBeGreaterThan(400_000);
  }, 240_000);
});
