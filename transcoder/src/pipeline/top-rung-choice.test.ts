import { describe, expect, it } from "vitest";
import {
  COPY_WHEN_ENCODE_KEEPS,
  SAMPLE_SECONDS,
  copyIsWorthIt,
  sampleSpans,
} from "./top-rung-choice.ts";

describe("sampleSpans", () => {
  it("should spread three samples over the source, each starting on the 2 s grid", () => {
    expect(SAMPLE_SECONDS).toBe(4);
    expect(sampleSpans(30)).toEqual([
      { start: 2, seconds: 4 },
      { start: 12, seconds: 4 },
      { start: 22, seconds: 4 },
    ]);
    const hour = sampleSpans(3600);
    expect(hour.map((s) => s.start)).toEqual([598, 1798, 2998]);
    for (const span of [...hour, ...sampleSpans(61.3)]) expect(span.start % 2).toBe(0);
  });

  it("should keep every sample inside the source, and sample a short source whole", () => {
    expect(sampleSpans(12)).toEqual([{ start: 0, seconds: 12 }]);
    expect(sampleSpans(5)).toEqual([{ start: 0, seconds: 5 }]);
    for (const duration of [12.5, 13, 17, 40.9])
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
