import type { EncodingProfile, RungEncoding } from "./encoding-profile.ts";
import type { SourceInfo } from "./inspect-source.ts";
import type { PlannedRung } from "./plan-ladder.ts";
/** `auto`: copy or encode by the analysis; `copy`: copy whenever eligible (no analysis, as before). */
export declare const TOP_RUNG_POLICIES: readonly ["auto", "copy"];
export type TopRungPolicy = (typeof TOP_RUNG_POLICIES)[number];
/**
 * The source is copied when the encode would keep at least this share of its bits.
 * Measured (30 s 1080p30 sources, veryfast, CRF 23 capped at 5 Mb/s, 3 × 4 s samples):
 * the make-lecture source at 3.5 Mb/s samples at 0.38 (the full encode: 0.39); the same
 * lecture already encoded at CRF 23 samples at 0.82, and noisy testsrc2 at 4.5 Mb/s at
 * 0.85. What an encode of an already-efficient source "saves" (15–20 %) is generation
 * loss, detail thrown away, not redundancy removed; it would also cost a top-rung
 * encode (about as much CPU as the smaller rungs together) to save it. Below 0.7 the
 * saving is real and large: the source spends over 40 % more than capped CRF needs.
 */
export declare const COPY_WHEN_ENCODE_KEEPS = 0.7;
/** Samples spread over the source, each this long (whole segments, on the keyframe grid). */
export declare const SAMPLE_COUNT = 3;
export declare const SAMPLE_SECONDS: number;
export interface TopRungChoiceOptions {
    preset: string;
    topRung?: TopRungPolicy;
    scratchDir?: string;
    signal?: AbortSignal;
}
export interface Span {
    start: number;
    seconds: number;
}
/**
 * Where the samples go: evenly over the source, each starting on the segment grid
 * (where an eligible source has its keyframes, so the source's bytes of the span are
 * whole GOPs). A source shorter than the samples together is sampled whole, once.
 */
export declare function sampleSpans(durationSeconds: number): Span[];
/** The decision on measured bytes: copy unless the encode keeps less than the threshold. */
export declare function copyIsWorthIt(sourceBytes: number, encodedBytes: number): boolean;
/**
 * Encodes the samples (one ffmpeg, one input per sample, seeking to its keyframe) and
 * returns their bytes with the source's bytes over the same spans.
 */
export declare function sampleTopRung(source: string, info: SourceInfo, encoding: RungEncoding, options: Pick<TopRungChoiceOptions, "scratchDir" | "signal">): Promise<{
    sourceBytes: number;
    encodedBytes: number;
}>;
/**
 * Whether the top rung is the source's stream copied. Eligibility (format, size, cap,
 * keyframe grid) comes first and is checked without any work; `topRung: "copy"` stops
 * there, as does a profile without constant quality (a fixed-rate encode spends its
 * target, which an eligible source is already within). Otherwise the samples decide.
 * A failed analysis copies: it is an optimisation, never a reason to fail the job.
 */
export declare function chooseTopRungCopy(source: string, info: SourceInfo, top: PlannedRung, profile: EncodingProfile, options: TopRungChoiceOptions): Promise<boolean>;
