/**
 * Encoder policy, apart from building the ffmpeg command (PeerTube keeps its default
 * transcoding profile apart the same way): which x264 rate control each rung gets,
 * its preset, the audio rate, and which rungs are worth keeping once measured.
 */
import { SEGMENT_SECONDS } from "./output-layout.ts";
import type { PlannedRung } from "./plan-ladder.ts";

export const AUDIO_BITRATE = "128k";

/** x264's presets from fastest to slowest. */
const PRESETS = [
  "ultrafast",
  "superfast",
  "veryfast",
  "faster",
  "fast",
  "medium",
  "slow",
  "slower",
  "veryslow",
  "placebo",
] as const;

/** Rungs shorter than this are encoded one preset step faster. */
const SMALL_RUNG_BELOW = 720;

/** `steps` faster than `preset`, ultrafast at the fastest; an unknown name stays as is. */
export function fasterPreset(preset: string, steps = 1): string {
  const index = PRESETS.indexOf(preset as (typeof PRESETS)[number]);
  return index < 0 ? preset : PRESETS[Math.max(0, index - steps)]!;
}

/**
 * Preset steps the capped ladder runs faster when its top rung is encoded where the
 * source's own video could have been stream-copied (the analysis of top-rung-choice.ts
 * found the copy wasteful). Today's ladder copies such a source for free; encoding it
 * adds a 1080p encode, about as much CPU as the three smaller rungs together, which put
 * that ladder at 1.9x the fixed ladder's CPU (bench/RESULTS.md). Measured on a 30 s
 * 1080p lecture (make-lecture.sh, 3.5 Mb/s, 2 s GOP), CPU s of the ladder's ffmpeg
 * alone, alternating runs on the shared 2-core machine (load 6-15): the fixed ladder
 * (1080p copied) 17.5-22.5; one step faster (1080p and 720p superfast, 480p and 360p
 * ultrafast) 22.6 against 18.3; two steps (every rung ultrafast) 18.5-22.1, mean 19.5
 * of 7 runs, against the fixed ladder's 17.5-22.5, mean 19.0 of 10 in the same sessions:
 * at par within the noise (about 3 % above), at 0.23 of its bytes. The analysis adds
 * about half a CPU second on top (one 2 s sample at these settings).
 * The 1080p rung alone: veryfast 824 kb/s, SSIM 0.9933, 46.7 dB; superfast 710 kb/s,
 * 0.9931, 46.6 dB, 30 % less CPU; ultrafast (CRF +4, ULTRAFAST_CRF_OFFSET) 899 kb/s,
 * 0.9926, 47.0 dB, 45 % less; always with the macroblock tree on. Tried and dropped:
 * bilinear scaling (1.4 CPU s less, but 480p and 360p fell under 42 dB against the
 * bicubic-scaled source), 480p scaled from the 720p frames, one x264 thread a rung and
 * one decoding thread (no measurable change).
 */
export const REPLACED_COPY_PRESET_STEPS = 2;

/**
 * CRF steps added at ultrafast. Ultrafast also turns off adaptive quantisation, CABAC,
 * deblocking and 8x8 transforms, so the same CRF is a different quality: on the 1080p
 * lecture CRF 24 spent 1403 kb/s for 48.9 dB (veryfast: 824 kb/s, 46.7 dB). Four steps
 * up (CRF 28) spend about what veryfast did at CRF 24: 899 kb/s, 47.0 dB, SSIM 0.9926.
 * Turning adaptive quantisation back on instead did worse on slides (CRF 24: 1101 kb/s,
 * 46.4 dB, SSIM 0.9928).
 */
export const ULTRAFAST_CRF_OFFSET = 4;

/**
 * Capped CRF per rung size. Rungs above 720p are watched at or near their own size, so
 * CRF 24 there: on the lecture source the 1080p rung keeps SSIM above 0.99 and PSNR above
 * 42 dB (bench/RESULTS.md). 720p: 23; the smaller rungs are watched scaled up (their
 * artefacts enlarged) and carry the faster preset: 21.
 */
const CRF_ABOVE_720P = 24;
const CRF_720P = 23;
const CRF_SMALL = 21;

/**
 * The capped rungs' VBV ceiling, as a share of the ladder's bitrate. x264 lets the last
 * segment of cap-bound (noisy) content end above maxrate by what the buffer still held,
 * which put the 1080p rung's peak segment 1.7 % above the fixed ladder's peak; 3 % of
 * headroom keeps every segment under it, at 3 % of the bits only where the cap binds.
 */
export const CAPPED_MAXRATE_SHARE = 0.97;

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
  /**
   * The base preset of a ladder run: `basePreset`, or faster when the top rung is
   * encoded where the source's own video could have been copied (see ladderPreset).
   */
  ladderPreset(basePreset: string, topRungReplacesCopy: boolean): string;
  /** Whether top rungs that add too little over the rung below are dropped after measuring. */
  dropsRedundantTopRungs: boolean;
}

function crfFor(rung: PlannedRung): number {
  if (rung.height > SMALL_RUNG_BELOW) return CRF_ABOVE_720P;
  return rung.height === SMALL_RUNG_BELOW ? CRF_720P : CRF_SMALL;
}

function presetFor(rung: PlannedRung, basePreset: string): string {
  return rung.height >= SMALL_RUNG_BELOW ? basePreset : fasterPreset(basePreset);
}

/**
 * Constant quality below the ladder's bitrate as the ceiling: a still slide costs what
 * it needs, high motion or noise is held at the cap (x264's "capped CRF"; the ceiling
 * is CAPPED_MAXRATE_SHARE of the bitrate, see there). Smaller rungs get a lower CRF: they are watched scaled up, so their artefacts are enlarged,
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
export const CAPPED_QUALITY: EncodingProfile = {
  name: "capped-quality",
  rung(rung, basePreset) {
    const preset = presetFor(rung, basePreset);
    return {
      preset,
      ...(preset === "ultrafast" || preset === "superfast" ? { mbtreeLookahead: 10 } : {}),
      crf: crfFor(rung) + (preset === "ultrafast" ? ULTRAFAST_CRF_OFFSET : 0),
      maxrate: Math.round(rung.videoBitrate * CAPPED_MAXRATE_SHARE),
      bufsize: rung.videoBitrate * SEGMENT_SECONDS,
      initialBuffer: Math.round(rung.videoBitrate / 5),
    };
  },
  ladderPreset(basePreset, topRungReplacesCopy) {
    return topRungReplacesCopy ? fasterPreset(basePreset, REPLACED_COPY_PRESET_STEPS) : basePreset;
  },
  dropsRedundantTopRungs: true,
};

/** The ladder as it was before per-title encoding: every rung at its bitrate, whatever is on screen. */
export const FIXED_BITRATE: EncodingProfile = {
  name: "fixed-bitrate",
  rung(rung, basePreset) {
    return {
      preset: presetFor(rung, basePreset),
      bitrate: rung.videoBitrate,
      maxrate: Math.round(rung.videoBitrate * 1.07),
      bufsize: rung.videoBitrate * 2,
    };
  },
  // It never replaces a copy: a fixed rate spends its target, which an eligible source
  // is already within (chooseTopRung copies without sampling).
  ladderPreset: (basePreset) => basePreset,
  dropsRedundantTopRungs: false,
};

export const PROFILES: Record<ProfileName, EncodingProfile> = {
  "capped-quality": CAPPED_QUALITY,
  "fixed-bitrate": FIXED_BITRATE,
};

/**
 * A top rung whose measured average bitrate is less than this much above the rung
 * below it is dropped.
 */
export const REDUNDANT_TOP_RUNG_MARGIN = 0.15;

/**
 * The drop rule. Under capped CRF a rung's bitrate follows the detail it carries: when
 * the larger size costs less than 15 % more bits than the one below, the source has
 * no more detail to show at that size (an upscaled or very plain picture), and a
 * player scaling the lower rung up shows the same thing. Two variants that close also
 * give adaptive players no step to switch between. So, from the top down, such a rung
 * is dropped; the bottom rung always stays. Rungs are ordered largest first; returns
 * how many top rungs to drop.
 */
export function redundantTopRungs(averageBitrates: readonly number[]): number {
  let dropped = 0;
  while (
    dropped < averageBitrates.length - 1 &&
    averageBitrates[dropped]! < averageBitrates[dropped + 1]! * (1 + REDUNDANT_TOP_RUNG_MARGIN)
  )
    dropped++;
  return dropped;
}
