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
 * How fast the encoded preview reads its source, as a multiple of realtime (ffmpeg's
 * `-readrate`). It need only keep ahead of its viewers until the ladder is (then it is
 * stopped, see preview-handover.ts): reading no faster than this leaves the CPU to the
 * ladder and stops it early in the source, so most of its decode (a second decode of
 * the whole source) is never done. At 3× a 1-minute HEVC lecture's preview was 48 s in
 * (8.1 CPU s) when the ladder took over; twice realtime still holds the 7 s lead within
 * about 5 s of the start.
 */
export const PREVIEW_READ_RATE = 2;

/** The first ffmpeg runs of a job: `main` (the audio, and the copied first rung), `preview`. */
export interface FirstRuns {
  /** The AAC audio group (the only time the audio is encoded: the ladder reuses it), the MP3, and a copied first rung. */
  main: FfmpegRun | null;
  /** An encoded first rung, in a run of its own so that it can be stopped. */
  preview: FfmpegRun | null;
}

/**
 * The first runs of a job, as `EVENT` playlists that grow while they run. Copied,
 * the first rung is cut at the source's keyframes, in the same run as the audio (one
 * read of the source, no decode); encoded, on the 2 s grid in a run of its own, read
 * at PREVIEW_READ_RATE. Audio and video both start at 0 (HLS_START_AT_ZERO).
 */
export function buildFirstRuns(
  source: string,
  info: SourceInfo,
  first: FirstRung,
  outDir: string,
): FirstRuns {
  const sound = audioGraph(info);
  const hls = outPath(outDir, `${LAYOUT.hlsDir}/%v/index.m3u8`);
  const audio = sound
    ? ["-map", sound.hls, "-c:a:0", "aac", "-b:a:0", AUDIO_BITRATE, "-ac", "2"]
    : [];
  const mp3 = sound
    ? [
        {
          path: outPath(outDir, LAYOUT.mp3),
          options: ["-map", sound.mp3, "-c:a", "libmp3lame", "-q:a", "4"],
        },
      ]
    : [];
  const audioVariant = sound ? ["a:0,agroup:aud,name:audio"] : [];
  if (first.kind === "copy") {
    const streamMap = [...audioVariant, `v:0,${sound ? "agroup:aud," : ""}name:${first.name}`];
    return {
      main: {
        inputs: [{ path: source }],
        ...(sound ? { complexFilter: sound.filter } : {}),
        outputs: [
          {
            path: hls,
            options: [
              ...["-map", "0:v:0", "-c:v:0", "copy"],
              ...audio,
              ...growingHlsOptions(outDir, FIRST_MASTER, streamMap.join(" ")),
            ],
          },
          ...mp3,
        ],
      },
      preview: null,
    };
  }
  const gop = segmentGop(info.fps);
  const preview: FfmpegRun = {
    inputs: [{ path: source, options: ["-readrate", String(PREVIEW_READ_RATE)] }],
    complexFilter: `[0:v:0]${videoPrelude(info)}scale=${first.width}:${first.height}:flags=bicubic,setsar=1,format=yuv420p[first]`,
    outputs: [
      {
        path: hls,
        options: [
          ...["-map", "[first]", "-c:v:0", "libx264", "-preset:v:0", ENCODED_FIRST_RUNG_PRESET],
          ...["-profile:v:0", "high", "-b:v:0", String(ENCODED_FIRST_RUNG_BITRATE)],
          ...["-maxrate:v:0", String(ENCODED_FIRST_RUNG_BITRATE * 1.5)],
          ...["-bufsize:v:0", String(ENCODED_FIRST_RUNG_BITRATE * 2)],
          ...["-g:v:0", String(gop), "-keyint_min:v:0", String(gop), "-sc_threshold:v:0", "0"],
          ...["-force_key_frames:v:0", SEGMENT_GRID_KEYFRAMES],
          ...growingHlsOptions(outDir, PREVIEW_MASTER, `v:0,name:${first.name}`),
        ],
      },
    ],
  };
  const main: FfmpegRun | null = sound
    ? {
        inputs: [{ path: source }],
        complexFilter: sound.filter,
        outputs: [
          {
            path: hls,
            options: [...audio, ...growingHlsOptions(outDir, FIRST_MASTER, audioVariant.join(" "))],
          },
          ...mp3,
        ],
      }
    : null;
  return { main, preview };
}

/** ffmpeg's own masters of the runs (local only): the first and the ladder's merged into the one finishLadder reads. */
export const FIRST_MASTER = "first-master.m3u8";
export const LADDER_MASTER = "ladder-master.m3u8";
export const PREVIEW_MASTER = "preview-master.m3u8";
