import type { FfmpegRun } from "../ffmpeg/runner.ts";
import { mightCopy, type SourceInfo } from "../pipeline/inspect-source.ts";
import { AUDIO_BITRATE } from "../pipeline/encoding-profile.ts";
import { growingHlsOptions } from "../pipeline/hls-output.ts";
import { LAYOUT, SEGMENT_SECONDS, outPath } from "../pipeline/output-layout.ts";
import type { PlannedRung } from "../pipeline/plan-ladder.ts";
import { audioGraph, videoPrelude } from "../pipeline/source-filters.ts";
import { SEGMENT_GRID_KEYFRAMES, segmentGop } from "../pipeline/x264-rung-options.ts";

/** A copied first rung is refused beyond this keyframe gap: its segments would be too long to start on. */
export const MAX_COPY_KEYFRAME_GAP_SECONDS = 10;
/** The encoded first rung (a source that cannot be copied): small, and many times faster than realtime. */
const ENCODED_FIRST_RUNG_HEIGHT = 360;
const ENCODED_FIRST_RUNG_PRESET = "ultrafast";
const ENCODED_FIRST_RUNG_BITRATE = 900_000;

/** The rung that makes the video playable: the source's own video (copy) or one fast low encode. */
export interface FirstRung {
  kind: "copy" | "encode";
  /** Its folder under hls/: the top rung's name when it is that rung, `preview` otherwise. */
  name: string;
  width: number;
  height: number;
}

/** The player takes the source's H.264 as is, cut at its own keyframes (none more than 10 s apart). */
export function canCopyFirstRung(info: SourceInfo): boolean {
  if (!mightCopy(info)) return false;
  if (info.video.pixFmt !== "yuv420p") return false;
  if (info.width > 1920 || info.height > 1080) return false;
  const halfFrame = 1 / info.fps / 2;
  if (Math.abs(info.video.startSeconds) > halfFrame) return false;
  if (info.audio && Math.abs(info.audio.startSeconds - info.video.startSeconds) > halfFrame)
    return false;
  const keys = info.keyframeTimes;
  if (!keys.length || Math.abs(keys[0]!) > halfFrame) return false;
  return longestGap(keys, info.durationSeconds) <= MAX_COPY_KEYFRAME_GAP_SECONDS;
}

/**
 * Where ffmpeg's HLS muxer cuts a stream-copied video: segment n ends at the first
 * keyframe at or past n × hls_time from the start (hlsenc's `recording_time * number`),
 * not hls_time after the segment's own start. Keyframes at 0, 1.9 and 5.9 s make one
 * 5.9 s segment, longer than any keyframe gap; a 1 s GOP makes 2 s segments.
 */
export function copiedCutTimes(keyframeTimes: readonly number[]): number[] {
  const cuts: number[] = [];
  for (const t of keyframeTimes) if (t >= (cuts.length + 1) * SEGMENT_SECONDS - 1e-6) cuts.push(t);
  return cuts;
}

/**
 * Where the first rung will be cut, known before it is written, so that the ladder
 * can start beside it with keyframes at the same places: a copy where the muxer cuts
 * the source's keyframes (seconds from the first one, as ffmpeg's output counts
 * them), an encode on the 2 s grid (`segment-grid`: the ladder forces the same
 * keyframe expression on the same constant-rate frames).
 */
export function firstRungCuts(
  info: SourceInfo,
  first: FirstRung,
): readonly number[] | "segment-grid" {
  if (first.kind === "encode") return "segment-grid";
  const start = info.keyframeTimes[0] ?? 0;
  return copiedCutTimes(info.keyframeTimes.map((t) => t - start));
}

/** The longest segment the first rung (and so every rung) will have. */
export function longestFirstSegment(info: SourceInfo, first: FirstRung): number {
  const cuts = firstRungCuts(info, first);
  if (cuts === "segment-grid") return SEGMENT_SECONDS;
  return longestGap(cuts, info.durationSeconds);
}

/** The longest span between cuts (and from the last cut to the end). */
export function longestGap(cuts: readonly number[], durationSeconds: number): number {
  const bounds = [0, ...cuts, durationSeconds];
  return Math.max(...bounds.slice(1).map((t, i) => t - bounds[i]!));
}

/**
 * Which first rung: the copy when possible (named as the top rung when the final
 * ladder copies the source too, so it is that rung and no byte is stored twice),
 * else a fast low encode. Anything not in the final ladder lives in `hls/preview/`.
 */
export function planFirstRung(
  info: SourceInfo,
  rungs: readonly PlannedRung[],
  topRungCopied: boolean,
): FirstRung {
  if (canCopyFirstRung(info)) {
    const name = topRungCopied ? rungs[0]!.name : "preview";
    return { kind: "copy", name, width: info.width, height: info.height };
  }
  const height = Math.min(ENCODED_FIRST_RUNG_HEIGHT, info.height - (info.height % 2));
  const width = Math.max(2, Math.round((info.width * height) / info.height / 2) * 2);
  return { kind: "encode", name: "preview", width, height };
}

/**
 * The first ffmpeg of a job: the first rung, the AAC audio group (the only time the
 * audio is encoded: the ladder reuses it) and the MP3, as `EVENT` playlists that
 * grow while it runs. Copied, segments are cut at the source's keyframes; encoded,
 * on the 2 s grid. Audio and video both start at 0 (HLS_START_AT_ZERO).
 */
export function buildFirstRungRun(
  source: string,
  info: SourceInfo,
  first: FirstRung,
  outDir: string,
): FfmpegRun {
  const sound = audioGraph(info);
  const filters: string[] = [];
  const video: string[] = [];
  if (first.kind === "copy") video.push("-map", "0:v:0", "-c:v:0", "copy");
  else {
    const gop = segmentGop(info.fps);
    filters.push(
      `[0:v:0]${videoPrelude(info)}scale=${first.width}:${first.height}:flags=bicubic,setsar=1,format=yuv420p[first]`,
    );
    video.push(
      "-map",
      "[first]",
      "-c:v:0",
      "libx264",
      "-preset:v:0",
      ENCODED_FIRST_RUNG_PRESET,
      "-profile:v:0",
      "high",
      "-b:v:0",
      String(ENCODED_FIRST_RUNG_BITRATE),
      "-maxrate:v:0",
      String(ENCODED_FIRST_RUNG_BITRATE * 1.5),
      "-bufsize:v:0",
      String(ENCODED_FIRST_RUNG_BITRATE * 2),
      "-g:v:0",
      String(gop),
      "-keyint_min:v:0",
      String(gop),
      "-sc_threshold:v:0",
      "0",
      "-force_key_frames:v:0",
      SEGMENT_GRID_KEYFRAMES,
    );
  }
  if (sound) filters.push(sound.filter);
  const audio = sound
    ? ["-map", sound.hls, "-c:a:0", "aac", "-b:a:0", AUDIO_BITRATE, "-ac", "2"]
    : [];
  const streamMap = [
    ...(sound ? ["a:0,agroup:aud,name:audio"] : []),
    `v:0,${sound ? "agroup:aud," : ""}name:${first.name}`,
  ].join(" ");
  const outputs = [
    {
      path: outPath(outDir, `${LAYOUT.hlsDir}/%v/index.m3u8`),
      options: [...video, ...audio, ...growingHlsOptions(outDir, FIRST_MASTER, streamMap)],
    },
  ];
  if (sound)
    outputs.push({
      path: outPath(outDir, LAYOUT.mp3),
      options: ["-map", sound.mp3, "-c:a", "libmp3lame", "-q:a", "4"],
    });
  return {
    inputs: [{ path: source }],
    ...(filters.length ? { complexFilter: filters.join(";") } : {}),
    outputs,
  };
}

/** ffmpeg's own masters of the two runs (local only): merged into the one finishLadder reads. */
export const FIRST_MASTER = "first-master.m3u8";
export const LADDER_MASTER = "ladder-master.m3u8";
