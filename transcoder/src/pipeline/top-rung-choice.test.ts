import { describe, expect, it } from "vitest";
import {
  COPY_WHEN_ENCODE_KEEPS,
  MAX_SAMPLES,
  SAMPLE_SECONDS,
  SAMPLE_SHARE,
  copyIsWorthIt,
  sampleSpans,
} from "./top-rung-choice.ts";

describe("sampleSpans", () => {
  it("should sample one segment per 40 s of source, at least one, spread on the 2 s grid", () => {
    expect(SAMPLE_SECONDS).toBe(2);
    expect(SAMPLE_SHARE).toBe(0.05);
    // A 30 s source: one segment in the middle (three 4 s samples before: 12 s of 30).
    expect(sampleSpans(30)).toEqual([{ start: 14, seconds: 2 }]);
    expect(sampleSpans(79.9)).toHaveLength(1);
    expect(sampleSpans(120)).toEqual([
      { start: 18, seconds: 2 },
      { start: 58, seconds: 2 },
      { start: 98, seconds: 2 },
    ]);
    for (const span of [...sampleSpans(3600), ...sampleSpans(61.3), ...sampleSpans(200.5)])
      expect(span.start % 2).toBe(0);
  });

  it("should not sample more than 12 s of a long source, as before", () => {
    expect(MAX_SAMPLES).toBe(6);
    const hour = sampleSpans(3600);
    expect(hour.map((s) => s.start)).toEqual([298, 898, 1498, 2098, 2698, 3298]);
    expect(hour.reduce((sum, s) => sum + s.seconds, 0)).toBe(12);
  });

  it("should keep every sample inside the source, and sample a short source whole", () => {
    expect(sampleSpans(2)).toEqual([{ start: 0, seconds: 2 }]);
    expect(sampleSpans(1.5)).toEqual([{ start: 0, seconds: 1.5 }]);
    for (const duration of [2.5, 5, 12.5, 13, 17, 40.9, 81, 239])
      for (const span of sampleSpans(duration))
        expect(span.start + span.seconds).toBeLessThanOrEqual(duration);
  });
});

describe("copyIsWorthIt", () => {
  it("should copy when the encode keeps 60 % of the source's bits or more", () => {
    expect(COPY_WHEN_ENCODE_KEEPS).toBe(0.6);
    expect(copyIsWorthIt(1000, 600)).toBe(true);
    // A lecture already at CRF 23 samples at 0.697 under CRF 24: copied, no second generation.
    expect(copyIsWorthIt(1000, 697)).toBe(true);
    expect(copyIsWorthIt(1000, 1200)).toBe(true);
    // Nothing measured from the source: keep what it is.
    expect(copyIsWorthIt(0, 100)).toBe(true);
  });

  it("should encode when the encode keeps less than 60 %", () => {
    expect(copyIsWorthIt(1000, 599)).toBe(false);
    expect(copyIsWorthIt(5_244_519, 1_990_947)).toBe(false);
  });
});
