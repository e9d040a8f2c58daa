import { type SourceInfo } from "./inspect-source.ts";
import type { PlannedRung } from "./plan-ladder.ts";
/** RFC 6381 codecs string of the source's video, e.g. avc1.64001f (for the master playlist). */
export declare function sourceRfc6381(info: SourceInfo): string;
/**
 * The source's video can be the top rung as is (stream copy, no encode — what Mux
 * calls "standard input") when it is upright, square-pixel, progressive SDR H.264
 * 4:2:0 at a constant rate and the rung's size, within its bitrate cap, with AAC
 * or no audio, starting at 0 together with its audio, and keyframes exactly on
 * the 2 s segment grid, so its segments line up with the encoded rungs. Decided
 * from the one source description: nothing is probed here.
 */
export declare function canCopyTopRung(info: SourceInfo, top: PlannedRung): boolean;
