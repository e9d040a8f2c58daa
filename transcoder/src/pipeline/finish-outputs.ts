import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runFfmpeg } from "../ffmpeg/runner.ts";
import type { SourceInfo } from "./inspect-source.ts";
import { LAYOUT, THUMBNAIL_INTERVAL_SECONDS, outPath } from "./output-layout.ts";
import type { RungMeasure } from "./measure-rungs.ts";
import type { PlannedRung } from "./plan-ladder.ts";
import { pictureFilters } from "./source-filters.ts";

export interface MasterVariant {
  name: string;
  width: number;
  height: number;
  /** The variant's peak segment bitrate, video plus audio, bits per second (rounded up). */
  bandwidth: number;
  /** The variant's mean segment bitrate, video plus audio, bits per second (rounded up). */
  averageBandwidth: number;
  codecs: string;
}

/**
 * The master playlist, written from what was measured rather than from ffmpeg's
 * nominal rates: BANDWIDTH is the peak and AVERAGE-BANDWIDTH the mean segment
 * bitrate of video plus audio (a player must be able to trust them with variable
 * rates), with FRAME-RATE. Every segment starts on a keyframe (the 2 s grid), hence
 * EXT-X-INDEPENDENT-SEGMENTS. ffmpeg's own master gives the CODECS of each encoded
 * variant and the audio group's EXT-X-MEDIA line; it also lists the audio group as a
 * variant of its own (players could pick it and show no picture), which is left out.
 * A stream-copied rung gets no CODECS from ffmpeg: `copiedCodecs` fills it in.
 */
export async function writeMasterPlaylist(
  outDir: string,
  rungs: ReadonlyArray<{ rung: PlannedRung; video: RungMeasure }>,
  audio: RungMeasure | null,
  frameRate: number,
  copiedCodecs?: string,
): Promise<{ text: string; variants: MasterVariant[] }> {
  const path = outPath(outDir, LAYOUT.master);
  const written = (await readFile(path, "utf8")).split("\n");
  const media = written.filter((l) => l.startsWith("#EXT-X-MEDIA:"));
  const codecsOf = (name: string) => {
    const index = written.findIndex((l) => l.trim() === `${name}/index.m3u8`);
    const found = index > 0 ? /CODECS="([^"]+)"/.exec(written[index - 1]!)?.[1] : undefined;
    return found ?? `${copiedCodecs ?? "avc1.640028"}${audio ? ",mp4a.40.2" : ""}`;
  };
  const variants = rungs.map(({ rung, video }) => ({
    name: rung.name,
    width: rung.width,
    height: rung.height,
    bandwidth: Math.ceil(video.peakBitrate + (audio?.peakBitrate ?? 0)),
    averageBandwidth: Math.ceil(video.averageBitrate + (audio?.averageBitrate ?? 0)),
    codecs: codecsOf(rung.name),
  }));
  const audioGroup = audio ? /GROUP-ID="([^"]+)"/.exec(media[0] ?? "")?.[1] : undefined;
  const lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS", ...media, ""];
  for (const v of variants) {
    const attributes = [
      `BANDWIDTH=${v.bandwidth}`,
      `AVERAGE-BANDWIDTH=${v.averageBandwidth}`,
      `RESOLUTION=${v.width}x${v.height}`,
      `FRAME-RATE=${frameRate.toFixed(3)}`,
      `CODECS="${v.codecs}"`,
      ...(audioGroup ? [`AUDIO="${audioGroup}"`] : []),
    ];
    lines.push(`#EXT-X-STREAM-INF:${attributes.join(",")}`, `${v.name}/index.m3u8`, "");
  }
  const text = lines.join("\n");
  await writeFile(path, text);
  return { text, variants };
}

/** The MP4 download: the top rung and the AAC track remuxed, no re-encode. */
export async function remuxDownload(
  outDir: string,
  top: PlannedRung,
  hasAudio: boolean,
): Promise<void> {
  const inputs = [{ path: outPath(outDir, LAYOUT.rungPlaylist(top.name)) }];
  if (hasAudio) inputs.push({ path: outPath(outDir, LAYOUT.rungPlaylist("audio")) });
  const maps = hasAudio ? ["-map", "0:v:0", "-map", "1:a:0"] : ["-map", "0:v:0"];
  await runFfmpeg({
    inputs,
    outputs: [
      {
        path: outPath(outDir, LAYOUT.mp4),
        options: [...maps, "-c", "copy", "-movflags", "+faststart"],
      },
    ],
  });
}

/** The poster: one frame found by seeking (input-side -ss), not by decoding up to it. */
export async function grabPoster(source: string, outDir: string, info: SourceInfo): Promise<void> {
  const at = Math.min(2, info.durationSeconds / 3);
  await runFfmpeg({
    inputs: [{ path: source, options: ["-ss", at.toFixed(2)] }],
    outputs: [
      {
        path: outPath(outDir, LAYOUT.poster),
        options: [
          "-frames:v",
          "1",
          "-vf",
          [
            ...pictureFilters(info),
            `scale=-2:${Math.min(720, info.height - (info.height % 2))}`,
          ].join(","),
          "-q:v",
          "3",
        ],
      },
    ],
  });
}

function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}.${String(ms % 1000).padStart(3, "0")}`;
}

/** A WebVTT storyboard: one cue per thumbnail, for scrub previews. */
export async function writeStoryboard(
  outDir: string,
  durationSeconds: number,
): Promise<Array<{ file: string; atSeconds: number }>> {
  const files = (await readdir(outPath(outDir, LAYOUT.thumbsDir)))
    .filter((f) => f.endsWith(".jpg"))
    .sort();
  const thumbs = files
    .map((file, i) => ({
      file: `${LAYOUT.thumbsDir}/${file}`,
      atSeconds: i * THUMBNAIL_INTERVAL_SECONDS,
    }))
    .filter((t) => t.atSeconds < durationSeconds);
  const cues = thumbs.map((t, i) => {
    const end = Math.min(durationSeconds, t.atSeconds + THUMBNAIL_INTERVAL_SECONDS);
    return `${i + 1}\n${vttTime(t.atSeconds)} --> ${vttTime(end)}\n${t.file.split("/").pop()}\n`;
  });
  await writeFile(outPath(outDir, LAYOUT.storyboard), `WEBVTT\n\n${cues.join("\n")}`);
  return thumbs;
}

export async function folderSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await folderSize(path) : (await stat(path)).size;
  }
  return total;
}
