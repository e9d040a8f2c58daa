/**
 * Whether the ladder's top rung is the source's video stream-copied or an encode,
 * decided per title. A source eligible for the copy (copy-eligibility.ts) is already
 * within the top rung's cap, but the cap is a ceiling, not a price: a lecture exported
 * at 3.5 Mb/s shows still slides that capped CRF keeps at SSIM 0.993 for 0.8 Mb/s.
 * So a short analysis pass encodes a few samples of the source at the top rung's own
 * settings and compares their bits with what the source spends on the same spans.
 */
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { probeVideoBytes } from "../ffmpeg/probe-data.ts";
import { runFfmpeg, type FfmpegOutput } from "../ffmpeg/runner.ts";
import { canCopyTopRung } from "./copy-eligibility.ts";
import type { EncodingProfile, RungEncoding } from "./encoding-profile.ts";
import type { SourceInfo } from "./inspect-source.ts";
import { SEGMENT_SECONDS } from "./output-layout.ts";
import type { PlannedRung } from "./plan-ladder.ts";
import { segmentGop, x264RungOptions, type RungKeyframes } from "./x264-rung-options.ts";

/** `auto`: copy or encode by the analysis; `copy`: copy whenever eligible (no analysis, as before). */
export const TOP_RUNG_POLICIES = ["auto", "copy"] as const;
export type TopRungPolicy = (typeof TOP_RUNG_POLICIES)[number];

/**
 * The source is copied when the encode would keep at least this share of its bits.
 * Measured (30 s 1080p30 sources, veryfast, the capped profile of encoding-profile.ts:
 * CRF 24 at 1080p, maxrate 0.97× 5 Mb/s): the make-lecture source at 3.5 Mb/s samples
 * at 0.22; the same lecture already encoded at CRF 23 at 0.68-0.70, and noisy testsrc2 at
 * 4.5 Mb/s at 0.61-0.80 (three 4 s samples or one 2 s one, see sampleSpans). What an
 * encode of an already-efficient source "saves" (20–30 %) is mostly generation loss,
 * detail thrown away, not redundancy removed; it would also cost a top-rung encode.
 * Below 0.6 the saving is real and large: the source spends two thirds more than capped
 * CRF needs.
 */
export const COPY_WHEN_ENCODE_KEEPS = 0.6;
/**
 * The samples: one segment each, SAMPLE_SHARE of the source's duration in all, at least
 * one and at most MAX_SAMPLES (12 s, what every source was sampled for before). The
 * analysis is paid for every eligible source, copied or not, so it is kept a small
 * share of what the ladder costs: three 4 s samples at 1080p were 3-8 CPU s, a fifth of
 * a whole 30 s ladder (bench/RESULTS.md), and a rounding error on an hour; one 2 s
 * sample is about 1.4-1.6 CPU s, most of it starting ffmpeg and x264.
 */
export const SAMPLE_SHARE = 0.05;
export const MAX_SAMPLES = 6;
export const SAMPLE_SECONDS = SEGMENT_SECONDS;

export interface TopRungChoiceOptions {
  preset: string;
  /** The encoded rungs put their keyframes where the source's are: any GOP will do. */
  alignedKeyframes?: boolean;
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
 * whole GOPs). A source no longer than the samples together is sampled whole, once.
 */
export function sampleSpans(durationSeconds: number): Span[] {
  const count = Math.min(
    MAX_SAMPLES,
    Math.max(1, Math.floor((durationSeconds * SAMPLE_SHARE) / SAMPLE_SECONDS)),
  );
  if (durationSeconds <= count * SAMPLE_SECONDS) return [{ start: 0, seconds: durationSeconds }];
  const lastStart =
    Math.floor((durationSeconds - SAMPLE_SECONDS) / SEGMENT_SECONDS) * SEGMENT_SECONDS;
  const starts = new Set<number>();
  for (let k = 0; k < count; k++) {
    const centre = (durationSeconds * (k + 0.5)) / count;
    const onGrid = Math.floor((centre - SAMPLE_SECONDS / 2) / SEGMENT_SECONDS) * SEGMENT_SECONDS;
    starts.add(Math.min(lastStart, Math.max(0, onGrid)));
  }
  return [...starts].map((start) => ({ start, seconds: SAMPLE_SECONDS }));
}

/** The decision on measured bytes: copy unless the encode keeps less than the threshold. */
export function copyIsWorthIt(sourceBytes: number, encodedBytes: number): boolean {
  if (sourceBytes <= 0) return true;
  return encodedBytes >= sourceBytes * COPY_WHEN_ENCODE_KEEPS;
}

/**
 * Encodes the samples (one ffmpeg, one input per sample, seeking to its keyframe) and
 * returns their bytes with the source's bytes over the same spans.
 */
export async function sampleTopRung(
  source: string,
  info: SourceInfo,
  encoding: RungEncoding,
  options: Pick<TopRungChoiceOptions, "scratchDir" | "signal">,
): Promise<{ sourceBytes: number; encodedBytes: number }> {
  const spans = sampleSpans(info.durationSeconds);
  // The ladder's GOP on the segment grid; no forced keyframes: the samples are not cut.
  const keyframes: RungKeyframes = { gop: segmentGop(info.fps), fixedGop: true };
  const scratch = await mkdtemp(join(options.scratchDir ?? tmpdir(), "top-rung-"));
  try {
    const outputs: FfmpegOutput[] = spans.map((_, k) => ({
      path: join(scratch, `sample-${k}.h264`),
      options: ["-map", `${k}:v:0`, ...x264RungOptions(encoding, keyframes), "-f", "h264"],
    }));
    await runFfmpeg(
      {
        inputs: spans.map((span) => ({
          path: source,
          options: ["-ss", String(span.start), "-t", String(span.seconds)],
        })),
        outputs,
      },
      options.signal ? { signal: options.signal } : {},
    );
    let encodedBytes = 0;
    for (const output of outputs) encodedBytes += (await stat(output.path)).size;
    let sourceBytes = 0;
    for (const span of spans)
      sourceBytes += await probeVideoBytes(source, span.start, span.seconds);
    return { sourceBytes, encodedBytes };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * What the top rung is: the source's video copied; an encode where it could have been
 * copied (the analysis found the copy too costly to store: the ladder then runs faster,
 * see ladderPreset in encoding-profile.ts); or an encode because it cannot be copied.
 */
export type TopRungChoice = "copy" | "encode-instead-of-copy" | "encode";

/**
 * Eligibility (format, size, cap, keyframe grid) comes first and is checked without any
 * work; `topRung: "copy"` stops there, as does a profile without constant quality (a
 * fixed-rate encode spends its target, which an eligible source is already within).
 * Otherwise the samples decide, encoded at the top rung's settings at the given preset:
 * the question is whether the source spends much more than capped CRF needs, which
 * does not depend on how much faster the ladder then runs (ladderPreset in
 * encoding-profile.ts; at ultrafast a 360p rung spends 1.4x what superfast does, which
 * would move small sources across the threshold). A failed analysis copies: it is an
 * optimisation, never a reason to fail the job.
 */
export async function chooseTopRung(
  source: string,
  info: SourceInfo,
  top: PlannedRung,
  profile: EncodingProfile,
  options: TopRungChoiceOptions,
): Promise<TopRungChoice> {
  if (!canCopyTopRung(info, top, { alignedKeyframes: options.alignedKeyframes ?? false }))
    return "encode";
  if ((options.topRung ?? "auto") === "copy") return "copy";
  const encoding = profile.rung(top, options.preset);
  if (encoding.crf === undefined) return "copy";
  try {
    const { sourceBytes, encodedBytes } = await sampleTopRung(source, info, encoding, options);
    return copyIsWorthIt(sourceBytes, encodedBytes) ? "copy" : "encode-instead-of-copy";
  } catch (err) {
    if (options.signal?.aborted) throw err;
    return "copy";
  }
}
