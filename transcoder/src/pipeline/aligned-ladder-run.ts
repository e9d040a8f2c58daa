import type { FfmpegOutput, FfmpegRun } from "../ffmpeg/runner.ts";
import type { EncodingProfile } from "./encoding-profile.ts";
import { growingHlsOptions } from "./hls-output.ts";
import type { SourceInfo } from "./inspect-source.ts";
import { LAYOUT, SEGMENT_SECONDS, THUMBNAIL_INTERVAL_SECONDS, outPath } from "./output-layout.ts";
import type { PlannedRung } from "./plan-ladder.ts";
import { THUMBNAIL_OUTPUT, thumbnailPicker, videoPrelude } from "./source-filters.ts";
import {
  SEGMENT_GRID_KEYFRAMES,
  segmentGop,
  x264RungOptions,
  type RungKeyframes,
} from "./x264-rung-options.ts";

/** The ladder run of a streamed job: keyframes exactly where the first rung is cut. */
export interface AlignedLadder {
  /**
   * Where the first rung's segments start (after 0), seconds: every rung cuts there;
   * `segment-grid` when the first rung is encoded with keyframes on the 2 s grid.
   */
  cuts: readonly number[] | "segment-grid";
  /** ffmpeg's own master of this run (local only, merged later). */
  masterName: string;
}

/**
 * Keyframes exactly at the first rung's cut times and nowhere else (no scene cuts,
 * a GOP longer than the longest segment), or the 2 s grid as the encoded first rung has it.
 */
function alignedKeyframes(cuts: AlignedLadder["cuts"], info: SourceInfo): RungKeyframes {
  if (cuts === "segment-grid")
    return { gop: segmentGop(info.fps), fixedGop: true, forced: SEGMENT_GRID_KEYFRAMES };
  const bounds = [0, ...cuts, info.durationSeconds];
  const longest = Math.max(...bounds.slice(1).map((t, i) => t - bounds[i]!), SEGMENT_SECONDS);
  // ffmpeg rounds each forced time to the nearest frame of the encoder's time base:
  // the exact cut times land on the frames where the first rung was cut.
  // -keyint_min stays x264's default, as this run always had it: with scene cuts off and
  // a GOP longer than any segment, keyframes come only where forced.
  return {
    gop: Math.ceil(longest * info.fps) + 2,
    fixedGop: false,
    forced: cuts.map((t) => t.toFixed(4)).join(","),
  };
}

/**
 * The encoded rungs of a streamed job in ONE ffmpeg (one decode), the thumbnails
 * as a branch. No audio: the first run makes it. Keyframes go where the first
 * rung is cut (alignedKeyframes), so the HLS muxer cuts every rung there and
 * segments align across the ladder, whatever the source's GOP.
 */
export function alignedLadderRun(
  source: string,
  info: SourceInfo,
  rungs: PlannedRung[],
  outDir: string,
  preset: string,
  profile: EncodingProfile,
  aligned: AlignedLadder,
): FfmpegRun {
  const keyframes = alignedKeyframes(aligned.cuts, info);
  // As in buildLadderRun: a rung half the size of a larger one is scaled from it.
  const parentOf = new Map<number, number>();
  rungs.forEach((r, i) => {
    const parent = rungs.findIndex(
      (p, j) => j < i && p.width === r.width * 2 && p.height === r.height * 2,
    );
    if (parent >= 0) parentOf.set(i, parent);
  });
  const fromSource = rungs.map((_, i) => i).filter((i) => !parentOf.has(i));
  const scaled = rungs.map((r, i) => {
    const input = parentOf.has(i) ? `[c${parentOf.get(i)}_${i}]` : `[v${i}]`;
    const children = rungs.map((_, j) => j).filter((j) => parentOf.get(j) === i);
    const outputs = children.length
      ? `,split=${children.length + 1}[o${i}]${children.map((j) => `[c${i}_${j}]`).join("")}`
      : `[o${i}]`;
    return `${input}scale=${r.width}:${r.height}:flags=bicubic,setsar=1,format=yuv420p${outputs}`;
  });
  const filter = [
    `[0:v:0]${videoPrelude(info)}split=${fromSource.length + 1}${fromSource.map((i) => `[v${i}]`).join("")}[t]`,
    ...scaled,
    `[t]${thumbnailPicker(THUMBNAIL_INTERVAL_SECONDS)},scale=320:-2[thumbs]`,
  ].join(";");

  const video: string[] = [];
  rungs.forEach((rung, i) => {
    video.push(
      "-map",
      `[o${i}]`,
      ...x264RungOptions(profile.rung(rung, preset), keyframes, { index: i, source: info }),
    );
  });
  const outputs: FfmpegOutput[] = [];
  if (rungs.length)
    outputs.push({
      path: outPath(outDir, `${LAYOUT.hlsDir}/%v/index.m3u8`),
      options: [
        ...video,
        ...growingHlsOptions(
          outDir,
          aligned.masterName,
          rungs.map((r, i) => `v:${i},name:${r.name}`).join(" "),
        ),
      ],
    });
  outputs.push({
    path: outPath(outDir, `${LAYOUT.thumbsDir}/%04d.jpg`),
    options: ["-map", "[thumbs]", "-q:v", "5", ...THUMBNAIL_OUTPUT, "-f", "image2"],
  });
  return { inputs: [{ path: source }], complexFilter: filter, outputs };
}
