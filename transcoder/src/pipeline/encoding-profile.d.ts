import type { PlannedRung } from "./plan-ladder.ts";
export declare const AUDIO_BITRATE = "128k";
/** How one rung's video is encoded; `crf` absent means a fixed target bitrate. */
export interface RungEncoding {
    preset: string;
    crf?: number;
    /** Target bitrate (fixed-bitrate profile only), bits per second. */
    bitrate?: number;
    /** VBV ceiling: the rung's bitrate cap, bits per second. */
    maxrate: number;
    /** VBV buffer, bits. */
    bufsize: number;
    /** VBV buffer fullness at the start, bits; absent: x264's default (90 %). */
    initialBuffer?: number;
    /** Frames of lookahead for x264's macroblock tree; absent: the preset's own. */
    mbtreeLookahead?: number;
}
export type ProfileName = "capped-quality" | "fixed-bitrate";
export interface EncodingProfile {
    name: ProfileName;
    rung(rung: PlannedRung, basePreset: string): RungEncoding;
    /** Whether top rungs that add too little over the rung below are dropped after measuring. */
    dropsRedundantTopRungs: boolean;
}
/**
 * Constant quality below the ladder's bitrate as the ceiling: a still slide costs what
 * it needs, high motion or noise is held at the cap (x264's "capped CRF"). Smaller
 * rungs get a lower CRF: they are watched scaled up, so their artefacts are enlarged,
 * and they also carry the faster preset. That preset (superfast) turns x264's
 * macroblock tree off, which under CRF cost 3x the bits on a still slide for the same
 * SSIM (measured on the lecture source at 480p): it is turned back on with veryfast's
 * 10-frame lookahead, no slower.
 *
 * The VBV buffer holds one segment at the cap, as before. Any segment can exceed the
 * cap by what the buffer held when it started; x264 starts it 90 % full, which let the
 * first segment of noisy content reach 1.6x the cap. Starting at a fifth of a second
 * of the cap keeps that first segment within about 10 % (the first keyframe is coded
 * a little coarser). Later bursts after a still stretch remain possible: the master
 * playlist's BANDWIDTH is measured, so players see them.
 */
export declare const CAPPED_QUALITY: EncodingProfile;
/** The ladder as it was before per-title encoding: every rung at its bitrate, whatever is on screen. */
export declare const FIXED_BITRATE: EncodingProfile;
export declare const PROFILES: Record<ProfileName, EncodingProfile>;
/**
 * A top rung whose measured average bitrate is less than this much above the rung
 * below it is dropped.
 */
export declare const REDUNDANT_TOP_RUNG_MARGIN = 0.15;
/**
 * The drop rule. Under capped CRF a rung's bitrate follows the detail it carries: when
 * the larger size costs less than 15 % more bits than the one below, the source has
 * no more detail to show at that size (an upscaled or very plain picture), and a
 * player scaling the lower rung up shows the same thing. Two variants that close also
 * give adaptive players no step to switch between. So, from the top down, such a rung
 * is dropped; the bottom rung always stays. Rungs are ordered largest first; returns
 * how many top rungs to drop.
 */
export declare function redundantTopRungs(averageBitrates: readonly number[]): number;
