import { describe, expect, it } from "vitest";
import { averageBitrate, peakSegmentBitrate } from "./measure-rungs.ts";

describe("peakSegmentBitrate", () => {
  it("should take the densest segment of about the target duration", () => {
    const segments = [
      { bytes: 250_000, seconds: 2 },
      { bytes: 500_000, seconds: 2 },
      { bytes: 100_000, seconds: 2 },
    ];
    expect(peakSegmentBitrate(segments, 2)).toBe(2_000_000);
    expect(averageBitrate(segments)).toBe((850_000 * 8) / 6);
  });

  it("should judge a short last segment together with the one before it (RFC 8216 §4.3.4.2)", () => {
    // 0.4 s alone is under half the target duration: only 2.4 s together count.
    const segments = [
      { bytes: 200_000, seconds: 2 },
      { bytes: 100_000, seconds: 0.4 },
    ];
    expect(peakSegmentBitrate(segments, 2)).toBe((300_000 * 8) / 2.4);
    // A 1.2 s last segment is long enough to count alone.
    expect(
      peakSegmentBitrate(
        [
          { bytes: 200_000, seconds: 2 },
          { bytes: 300_000, seconds: 1.2 },
        ],
        2,
      ),
    ).toBe(2_000_000);
  });

  it("should fall back to the mean for a rung shorter than half a target duration", () => {
    expect(peakSegmentBitrate([{ bytes: 10_000, seconds: 0.5 }], 2)).toBe(160_000);
    expect(peakSegmentBitrate([], 2)).toBe(0);
  });
});
