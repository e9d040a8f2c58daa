import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateClip } from "@coursecast/dev/test-support";
import type { Rung } from "@coursecast/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transcodeFile } from "../src/pipeline/transcode-file.ts";
import { ffprobeJson } from "./support/media.ts";

// Caps low enough that noise always hits them: the ceiling is what is under test.
const LADDER: Rung[] = [
  { name: "360p", height: 360, videoBitrate: 400_000 },
  { name: "240p", height: 240, videoBitrate: 200_000 },
];
/** How far a 2 s segment may exceed its rung's cap (VBV: what the buffer held at its start). */
const CAP_TOLERANCE = 1.1;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "per-title-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function makeClip(name: string, source: string, filters: string, seconds: number) {
  return generateClip(join(dir, name), { source, filters, seconds, crf: 18 });
}

/** Each segment's bitrate, read independently of the transcoder's own measuring code. */
async function segmentRates(playlistDir: string): Promise<{ rates: number[]; average: number }> {
  const lines = (await readFile(join(playlistDir, "index.m3u8"), "utf8")).split("\n");
  const rates: number[] = [];
  let bits = 0;
  let total = 0;
  for (let i = 0; i < lines.length; i++) {
    const seconds = Number(/^#EXTINF:([\d.]+)/.exec(lines[i]!)?.[1]);
    if (!seconds) continue;
    const size = (await stat(join(playlistDir, lines[i + 1]!.trim()))).size;
    bits += size * 8;
    total += seconds;
    // A short last segment is judged with the one before it (RFC 8216's peak rule).
    if (seconds >= 1) rates.push((size * 8) / seconds);
  }
  return { rates, average: bits / total };
}

async function keyframeTimes(playlistDir: string): Promise<number[]> {
  const playlist = await readFile(join(playlistDir, "index.m3u8"), "utf8");
  const init = /URI="([^"]+)"/.exec(playlist)![1]!;
  const segments = playlist.split("\n").filter((l) => l.endsWith(".m4s"));
  const joined = join(dir, `joined-${Math.random()}.mp4`);
  const parts = await Promise.all([init, ...segments].map((f) => readFile(join(playlistDir, f))));
  await writeFile(joined, Buffer.concat(parts));
  const probe = (await ffprobeJson(joined, [
    ...["-select_streams", "v:0", "-skip_frame", "nokey"],
    ...["-show_frames", "-show_entries", "frame=pts_time"],
  ])) as { frames: Array<{ pts_time: string }> };
  return probe.frames.map((f) => Math.round(Number(f.pts_time) * 10) / 10);
}

function streamInf(master: string, name: string): Record<string, string> {
  const lines = master.split("\n");
  const line = lines[lines.indexOf(`${name}/index.m3u8`) - 1] ?? "";
  expect(line).toMatch(/^#EXT-X-STREAM-INF:/);
  return Object.fromEntries(
    [...line.matchAll(/([A-Z-]+)=("[^"]*"|[^,]*)/g)].map((m) => [m[1]!, m[2]!]),
  );
}

describe("per-title ladder", () => {
  it("should hold every rung to its cap on noisy content, with BANDWIDTH at least the measured peak", async () => {
    const source = await makeClip("noisy.mp4", "testsrc2=s=640x360", ",noise=alls=8:allf=t", 6);
    const out = join(dir, "out-noisy");
    const manifest = await transcodeFile(source, out, {
      ladder: LADDER,
      maxDurationSeconds: 3600,
      preset: "ultrafast",
    });
    expect(manifest.renditions.map((r) => r.name)).toEqual(["360p", "240p"]);
    const master = await readFile(join(out, manifest.masterPlaylist), "utf8");
    expect(master.split("\n").slice(0, 3)).toEqual([
      "#EXTM3U",
      "#EXT-X-VERSION:7",
      "#EXT-X-INDEPENDENT-SEGMENTS",
    ]);
    const audio = await segmentRates(join(out, "hls", "audio"));
    for (const rendition of manifest.renditions) {
      const cap = LADDER.find((r) => r.name === rendition.name)!.videoBitrate;
      const video = await segmentRates(join(out, "hls", rendition.name));
      const peak = Math.max(...video.rates);
      expect(peak, `${rendition.name} peak`).toBeLessThanOrEqual(cap * CAP_TOLERANCE);
      expect(video.average, `${rendition.name} mean`).toBeLessThanOrEqual(cap * 1.02);
      // The cap binds: noise would take far more at constant quality.
      expect(video.average).toBeGreaterThan(cap * 0.8);

      const inf = streamInf(master, rendition.name);
      expect(Number(inf.BANDWIDTH)).toBeGreaterThanOrEqual(peak + Math.max(...audio.rates));
      expect(Number(inf["AVERAGE-BANDWIDTH"])).toBeGreaterThanOrEqual(video.average);
      expect(Number(inf["AVERAGE-BANDWIDTH"])).toBeLessThanOrEqual(Number(inf.BANDWIDTH));
      expect(inf["FRAME-RATE"]).toBe("30.000");
      expect(inf.CODECS).toMatch(/^"avc1\.[0-9a-f]{6},mp4a\.40\.2"$/);
      expect(inf.AUDIO).toBe('"group_aud"');

      expect(rendition.bandwidth).toBe(Number(inf.BANDWIDTH));
      expect(rendition.averageBandwidth).toBe(Number(inf["AVERAGE-BANDWIDTH"]));
      expect(rendition.peakBitrate).toBeGreaterThanOrEqual(peak * 0.999);
      expect(Math.abs(rendition.averageBitrate - video.average)).toBeLessThan(video.average * 0.01);
    }
    // Rungs stay aligned: keyframes at the same times on every rung, on the 2 s grid.
    for (const rendition of manifest.renditions)
      expect(await keyframeTimes(join(out, "hls", rendition.name))).toEqual([0, 2, 4]);
  });

  it("should drop top rungs that cost less than 15 % more than the rung below, download included", async () => {
    // A plain grey picture has no more detail at 360p than at 240p: the bits barely differ.
    const source = await makeClip("plain.mp4", "color=c=0x808080:s=640x360", "", 4);
    const out = join(dir, "out-plain");
    // The worker's preset: ultrafast's CAVLC spends bits on skipped blocks that CABAC does not.
    const manifest = await transcodeFile(source, out, {
      ladder: LADDER,
      maxDurationSeconds: 3600,
      preset: "veryfast",
    });
    expect(manifest.renditions.map((r) => r.name)).toEqual(["240p"]);
    expect((await readdir(join(out, "hls"))).sort()).toEqual(["240p", "audio", "master.m3u8"]);
    const master = await readFile(join(out, manifest.masterPlaylist), "utf8");
    expect(master.match(/#EXT-X-STREAM-INF/g)).toHaveLength(1);
    expect(master).not.toContain("360p");
    const mp4 = (await ffprobeJson(join(out, manifest.mp4.path), ["-show_streams"])) as {
      streams: Array<{ codec_type: string; height?: number }>;
    };
    expect(mp4.streams.find((s) => s.codec_type === "video")?.height).toBe(240);
  });
});
