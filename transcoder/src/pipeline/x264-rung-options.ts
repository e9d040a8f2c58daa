/**
 * The x264 options of one rung, written once for every run that encodes a rung: the
 * ladder (keyframes on the 2 s grid, or where the first rung was cut) and the top-rung
 * sampler. Rate control and preset come from the encoding profile (encoding-profile.ts);
 * where the keyframes go is the caller's to say.
 */
import type { RungEncoding } from "./encoding-profile.ts";
import type { SourceInfo } from "./inspect-source.ts";
import { SEGMENT_SECONDS } from "./output-layout.ts";
import { sdrColourOptions } from "./source-filters.ts";

/** A keyframe every segment, whatever is on screen. */
export const SEGMENT_GRID_KEYFRAMES = `expr:gte(t,n_forced*${SEGMENT_SECONDS})`;

/** One segment's frames: the GOP of a rung whose keyframes are on the segment grid. */
export function segmentGop(fps: number): number {
  return Math.max(1, Math.round(fps * SEGMENT_SECONDS));
}

/** Where a rung's keyframes go. Scene-cut keyframes are always off, so rungs cut alike. */
export interface RungKeyframes {
  /** The longest GOP, frames (`-g`). */
  gop: number;
  /** `gop` is also the shortest GOP (`-keyint_min`): on a fixed grid, never a shorter one. */
  fixedGop: boolean;
  /** `-force_key_frames`: an `expr:` or a comma-separated list of times; absent or empty: none. */
  forced?: string;
}

/** The rung's video stream in an output holding several (the ladder's HLS output). */
export interface RungStream {
  /** Its index among the output's video streams: each option is set for it alone (`:v:N`). */
  index: number;
  /** The source: a tone-mapped HDR source's rungs are tagged BT.709 (sdrColourOptions). */
  source: SourceInfo;
}

/**
 * The options from `-c:v` on (the caller maps the stream). With `stream`, every option
 * is per stream, so that a stream-copied top rung in the same output gets none of them.
 * Without it the output has this one video stream (the sampler's raw H.264): names carry
 * no stream index, and there is no colour tagging (the samples are measured, never shown).
 */
export function x264RungOptions(
  encoding: RungEncoding,
  keyframes: RungKeyframes,
  stream?: RungStream,
): string[] {
  // `single` is the name where the output has one stream: the sampler always wrote
  // `-c:v` and `-profile:v` with their stream type, the other options without it.
  const option = (name: string, single = name) => (stream ? `${name}:v:${stream.index}` : single);
  return [
    option("-c", "-c:v"),
    "libx264",
    ...(encoding.crf !== undefined
      ? [option("-crf"), String(encoding.crf)]
      : [option("-b", "-b:v"), String(encoding.bitrate)]),
    option("-maxrate"),
    String(encoding.maxrate),
    option("-bufsize"),
    String(encoding.bufsize),
    ...(encoding.initialBuffer !== undefined
      ? [option("-rc_init_occupancy"), String(encoding.initialBuffer)]
      : []),
    ...(encoding.mbtreeLookahead !== undefined
      ? [option("-rc-lookahead"), String(encoding.mbtreeLookahead), option("-mbtree"), "1"]
      : []),
    option("-preset"),
    encoding.preset,
    option("-profile", "-profile:v"),
    "high",
    option("-g"),
    String(keyframes.gop),
    ...(keyframes.fixedGop ? [option("-keyint_min"), String(keyframes.gop)] : []),
    option("-sc_threshold"),
    "0",
    ...(keyframes.forced ? [option("-force_key_frames"), keyframes.forced] : []),
    ...(stream ? sdrColourOptions(stream.source, stream.index) : []),
  ];
}
