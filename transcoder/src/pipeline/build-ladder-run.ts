import type { FfmpegRun } from "../ffmpeg/runner.ts";
import type { SourceInfo } from "./inspect-source.ts";
import { finishedHlsOptions } from "./hls-output.ts";
import { LAYOUT, THUMBNAIL_INTERVAL_SECONDS, outPath } from "./output-layout.ts";
import type { PlannedRung } from "./plan-ladder.ts";
import { THUMBNAIL_OUTPUT, audioGraph, thumbnailPicker, videoPrelude } from "./source-filters.ts";
import { AUDIO_BITRATE, CAPPED_QUALITY, type EncodingProfile } from "./encoding-profile.ts";
import { alignedLadderRun, type AlignedLadder } from "./aligned-ladder-run.ts";
import {
  SEGMENT_GRID_KEYFRAMES,
  segmentGop,
  x264RungOptions,
  type RungKeyframes,
} from "./x264-rung-options.ts";

/**
 * ONE ffmpeg process, ONE decode: the decoded video is split into every rung
 * (and a thumbnail branch), the audio is encoded once to AAC for an HLS audio
 * group and once to MP3. Keyframes every 2 s on every rung, no scene-cut
 * keyframes, so segments align across the ladder. How each rung is encoded
 * (rate control, preset) comes from the encoding profile.
 */
export function buildLadderRun(
  source: string,
  info: SourceInfo,
  rungs: PlannedRung[],
  outDir: string,
  preset: string,
  copyTopRung = false,
  profile: EncodingProfile = CAPPED_QUALITY,
  aligned?: AlignedLadder,
): FfmpegRun {
  if (aligned) return alignedLadderRun(source, info, rungs, outDir, preset, profile, aligned);
  const keyframes: RungKeyframes = {
    gop: segmentGop(info.fps),
    fixedGop: true,
    forced: SEGMENT_GRID_KEYFRAMES,
  };
  // With copyTopRung the first rung is the source's own video stream: no scale, no encode.
  const encoded = rungs.map((r, i) => ({ r, i })).filter(({ i }) => !(copyTopRung && i === 0));
  // A rung exactly half the size of a larger one is scaled from that rung's frames: an
  // exact 2:1 downscale costs a fraction of scaling the source again and keeps the
  // picture (PSNR within about 1 dB). Any other ratio is scaled from the source, since
  // resampling twice at 1.5:1 visibly softens slide text.
  const parentOf = new Map<number, number>();
  for (const { r, i } of encoded) {
    const parent = encoded.find(
      (e) => e.i < i && e.r.width === r.width * 2 && e.r.height === r.height * 2,
    );
    if (parent) parentOf.set(i, parent.i);
  }
  const fromSource = encoded.filter(({ i }) => !parentOf.has(i));
  const childrenOf = (i: number) => encoded.filter((e) => parentOf.get(e.i) === i);
  const scaled = encoded.map(({ r, i }) => {
    const input = parentOf.has(i) ? `[c${parentOf.get(i)}_${i}]` : `[v${i}]`;
    const children = childrenOf(i);
    const outputs = children.length
      ? `,split=${children.length + 1}[o${i}]${children.map((c) => `[c${i}_${c.i}]`).join("")}`
      : `[o${i}]`;
    return `${input}scale=${r.width}:${r.height}:flags=bicubic,setsar=1,format=yuv420p${outputs}`;
  });
  const sound = audioGraph(info);
  const filter = [
    `[0:v:0]${videoPrelude(info)}split=${fromSource.length + 1}${fromSource.map(({ i }) => `[v${i}]`).join("")}[t]`,
    ...scaled,
    `[t]${thumbnailPicker(THUMBNAIL_INTERVAL_SECONDS)},scale=320:-2[thumbs]`,
    ...(sound ? [sound.filter] : []),
  ].join(";");

  const video: string[] = [];
  rungs.forEach((rung, i) => {
    if (copyTopRung && i === 0) {
      video.push("-map", "0:v:0", `-c:v:${i}`, "copy");
      return;
    }
    video.push(
      "-map",
      `[o${i}]`,
      ...x264RungOptions(profile.rung(rung, preset), keyframes, { index: i, source: info }),
    );
  });
  const audio = sound
    ? ["-map", sound.hls, "-c:a:0", "aac", "-b:a:0", AUDIO_BITRATE, "-ac", "2"]
    : [];
  const streamMap = [
    ...(info.hasAudio ? ["a:0,agroup:aud,name:audio"] : []),
    ...rungs.map((r, i) => `v:${i},${info.hasAudio ? "agroup:aud," : ""}name:${r.name}`),
  ].join(" ");

  const hls = [...video, ...audio, ...finishedHlsOptions(outDir, "master.m3u8", streamMap)];
  const outputs = [
    { path: outPath(outDir, `${LAYOUT.hlsDir}/%v/index.m3u8`), options: hls },
    {
      path: outPath(outDir, `${LAYOUT.thumbsDir}/%04d.jpg`),
      options: ["-map", "[thumbs]", "-q:v", "5", ...THUMBNAIL_OUTPUT, "-f", "image2"],
    },
  ];
  if (sound)
    outputs.push({
      path: outPath(outDir, LAYOUT.mp3),
      options: ["-map", sound.mp3, "-c:a", "libmp3lame", "-q:a", "4"],
    });
  return { inputs: [{ path: source }], complexFilter: filter, outputs };
}
