/** What one transcoded ladder costs and how it looks, for bench/transcode.ts. */
import { execFile } from "node:child_process";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface RungFigures {
  name: string;
  width: number;
  height: number;
  averageKbps: number;
  peakKbps: number;
  bandwidth: number;
  ssim: number;
  /** "inf" for a rung identical to the source (a stream-copied top rung). */
  psnr: number | "inf";
}

export interface LadderFigures {
  /** Every file of the HLS ladder (all rungs, audio, playlists), per source hour. */
  hlsBytesPerHour: number;
  /** Everything stored (ladder, MP4, MP3, poster, thumbnails), per source hour. */
  storedBytesPerHour: number;
  mp4BytesPerHour: number;
  rungs: RungFigures[];
}

async function folderSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await folderSize(path) : (await stat(path)).size;
  }
  return total;
}

/** One rung's HLS segments joined into a playable file. */
async function joinRung(rungDir: string, out: string): Promise<string> {
  const playlist = await readFile(join(rungDir, "index.m3u8"), "utf8");
  const init = /URI="([^"]+)"/.exec(playlist)![1]!;
  const segments = playlist.split("\n").filter((l) => l.endsWith(".m4s"));
  const parts = await Promise.all([init, ...segments].map((f) => readFile(join(rungDir, f))));
  await writeFile(out, Buffer.concat(parts));
  return out;
}

/** SSIM (All) and PSNR (average) of a rung against the source scaled to the rung's size. */
export async function rungQuality(
  distorted: string,
  source: string,
  width: number,
  height: number,
): Promise<{ ssim: number; psnr: number }> {
  const { stderr } = await run(
    "ffmpeg",
    [
      "-hide_banner",
      "-i",
      distorted,
      "-i",
      source,
      "-lavfi",
      `[0:v]split[d1][d2];[1:v]scale=${width}:${height}:flags=bicubic,format=yuv420p,split[r1][r2];` +
        `[d1][r1]ssim;[d2][r2]psnr`,
      "-f",
      "null",
      "-",
    ],
    { maxBuffer: 16 << 20 },
  );
  const ssim = Number(/SSIM .*All:([\d.]+)/.exec(stderr)?.[1]);
  const psnrText = /PSNR .*average:([\d.]+|inf)/.exec(stderr)?.[1];
  return { ssim, psnr: psnrText === "inf" ? Infinity : Number(psnrText) };
}

interface ManifestRung {
  name: string;
  width: number;
  height: number;
  bandwidth: number;
  averageBitrate?: number;
  peakBitrate?: number;
}

/** Reads a transcode output folder (its manifest.json) and measures every rung against the source. */
export async function ladderFigures(outDir: string, source: string): Promise<LadderFigures> {
  const manifest = JSON.parse(await readFile(join(outDir, "manifest.json"), "utf8")) as {
    durationSeconds: number;
    totalSize: number;
    mp4: { size: number };
    renditions: ManifestRung[];
  };
  const perHour = (bytes: number) => Math.round((bytes * 3600) / manifest.durationSeconds);
  const rungs: RungFigures[] = [];
  for (const r of manifest.renditions) {
    const joined = await joinRung(
      join(outDir, "hls", r.name),
      join(outDir, `joined-${r.name}.mp4`),
    );
    const quality = await rungQuality(joined, source, r.width, r.height);
    rungs.push({
      name: r.name,
      width: r.width,
      height: r.height,
      averageKbps: Math.round((r.averageBitrate ?? 0) / 1000),
      peakKbps: Math.round((r.peakBitrate ?? 0) / 1000),
      bandwidth: r.bandwidth,
      ssim: +quality.ssim.toFixed(4),
      psnr: Number.isFinite(quality.psnr) ? +quality.psnr.toFixed(2) : "inf",
    });
  }
  return {
    hlsBytesPerHour: perHour(await folderSize(join(outDir, "hls"))),
    storedBytesPerHour: perHour(manifest.totalSize),
    mp4BytesPerHour: perHour(manifest.mp4.size),
    rungs,
  };
}
