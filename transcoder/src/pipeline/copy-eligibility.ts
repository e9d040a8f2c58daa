import { SEGMENT_SECONDS } from "./output-layout.ts";
import { mightCopy, type SourceInfo } from "./inspect-source.ts";
import type { PlannedRung } from "./plan-ladder.ts";

const PROFILE_BYTES: Record<string, string> = {
  High: "6400",
  Main: "4d40",
  "Constrained Baseline": "42e0",
  Baseline: "4200",
};

/** RFC 6381 codecs string of the source's video, e.g. avc1.64001f (for the master playlist). */
export function sourceRfc6381(info: SourceInfo): string {
  const bytes = PROFILE_BYTES[info.video.profile] ?? "6400";
  return `avc1.${bytes}${(info.video.level || 40).toString(16).padStart(2, "0")}`;
}

/**
 * The source's video can be the top rung as is (stream copy, no encode — what Mux
 * calls "standard input") when it is upright, square-pixel, progressive SDR H.264
 * 4:2:0 at a constant rate and the rung's size, within its bitrate cap, with AAC
 * or no audio, starting at 0 together with its audio, and keyframes exactly on
 * the 2 s segment grid, so its segments line up with the encoded rungs. Decided
 * from the one source description: nothing is probed here. `alignedKeyframes`: the
 * encoded rungs put their keyframes where the source's are (a streamed job), so
 * any keyframe interval will do.
 */
export function canCopyTopRung(
  info: SourceInfo,
  top: PlannedRung,
  options: { alignedKeyframes?: boolean } = {},
): boolean {
  if (!mightCopy(info)) return false;
  if (info.video.pixFmt !== "yuv420p") return false;
  if (info.audio !== null && info.audio.codec !== "aac") return false;
  if (info.width !== top.width || info.height !== top.height) return false;
  if (!info.video.bitrate || info.video.bitrate > top.videoBitrate * 1.1) return false;
  const tolerance = 1 / info.fps / 2;
  if (Math.abs(info.video.startSeconds - (info.audio?.startSeconds ?? 0)) > tolerance) return false;
  if (options.alignedKeyframes) return true;
  const keys = info.keyframeTimes;
  const expected = Math.ceil(info.durationSeconds / SEGMENT_SECONDS - tolerance);
  const onGrid = keys.filter(
    (t) =>
      Math.abs(t / SEGMENT_SECONDS - Math.round(t / SEGMENT_SECONDS)) * SEGMENT_SECONDS <=
      tolerance,
  );
  const start = keys[0] ?? 1;
  return Math.abs(start) <= tolerance && onGrid.length === keys.length && keys.length >= expected;
}
