import { describe, expect, it } from "vitest";
import {
  CAPPED_MAXRATE_SHARE,
  CAPPED_QUALITY,
  FIXED_BITRATE,
  REDUNDANT_TOP_RUNG_MARGIN,
  REPLACED_COPY_PRESET_STEPS,
  ULTRAFAST_CRF_OFFSET,
  fasterPreset,
  redundantTopRungs,
} from "./encoding-profile.ts";

const rung = (height: number, videoBitrate: number) => ({
  name: `${height}p`,
  height,
  width: Math.round((height * 16) / 9),
  videoBitrate,
});

describe("redundantTopRungs", () => {
  it("should drop a top rung costing less than 15 % more than the rung below", () => {
    expect(REDUNDANT_TOP_RUNG_MARGIN).toBe(0.15);
    expect(redundantTopRungs([1_140_000, 1_000_000, 500_000])).toBe(1);
    // Repeatedly from the top: each kept rung must earn its place over the next.
    expect(redundantTopRungs([1_100_000, 1_000_000, 900_000, 400_000])).toBe(2);
  });

  it("should not drop a top rung costing 15 % more or above, nor the bottom rung", () => {
    expect(redundantTopRungs([1_150_000, 1_000_000])).toBe(0);
    expect(redundantTopRungs([3_000_000, 1_000_000, 990_000])).toBe(0);
    expect(redundantTopRungs([100_000, 100_000, 100_000])).toBe(2);
    expect(redundantTopRungs([100_000])).toBe(0);
    expect(redundantTopRungs([])).toBe(0);
  });
});

describe("encoding profiles", () => {
  it("should cap the capped-quality rungs 3 % under the ladder's bitrate and start the buffer low", () => {
    expect(CAPPED_MAXRATE_SHARE).toBe(0.97);
    const top = CAPPED_QUALITY.rung(rung(720, 2_800_000), "veryfast");
    expect(top).toMatchObject({ preset: "veryfast", crf: 23, maxrate: 2_716_000 });
    expect(top.bufsize).toBe(5_600_000);
    expect(top.initialBuffer).toBeLessThanOrEqual(2_800_000 / 5);
    expect(top.bitrate).toBeUndefined();
    const small = CAPPED_QUALITY.rung(rung(360, 800_000), "veryfast");
    expect(small).toMatchObject({ preset: "superfast", maxrate: 776_000 });
    expect(small.crf).toBeLessThan(top.crf!);
    // superfast turns the macroblock tree off; capped CRF needs it on still pictures.
    expect(small.mbtreeLookahead).toBe(10);
    expect(top.mbtreeLookahead).toBeUndefined();
  });

  it("should encode rungs above 720p at CRF 24, 720p at 23 and the smaller rungs at 21", () => {
    expect(CAPPED_QUALITY.rung(rung(1080, 5_000_000), "veryfast")).toMatchObject({
      preset: "veryfast",
      crf: 24,
      maxrate: 4_850_000,
      bufsize: 10_000_000,
    });
    expect(CAPPED_QUALITY.rung(rung(1440, 8_000_000), "veryfast").crf).toBe(24);
    expect(CAPPED_QUALITY.rung(rung(720, 2_800_000), "veryfast").crf).toBe(23);
    expect(CAPPED_QUALITY.rung(rung(480, 1_400_000), "veryfast").crf).toBe(21);
  });

  it("should run the capped ladder two presets faster when its top rung replaces a copy", () => {
    expect(REPLACED_COPY_PRESET_STEPS).toBe(2);
    expect(CAPPED_QUALITY.ladderPreset("veryfast", true)).toBe("ultrafast");
    expect(CAPPED_QUALITY.ladderPreset("medium", true)).toBe("faster");
    const base = CAPPED_QUALITY.ladderPreset("veryfast", true);
    // Every rung of the default ladder at ultrafast, the macroblock tree kept on.
    for (const [height, bitrate] of [
      [1080, 5_000_000],
      [720, 2_800_000],
      [480, 1_400_000],
      [360, 800_000],
    ] as const)
      expect(CAPPED_QUALITY.rung(rung(height, bitrate), base)).toMatchObject({
        preset: "ultrafast",
        mbtreeLookahead: 10,
      });
  });

  it("should not run the ladder faster when the top rung is copied or cannot be", () => {
    expect(CAPPED_QUALITY.ladderPreset("veryfast", false)).toBe("veryfast");
    expect(FIXED_BITRATE.ladderPreset("veryfast", true)).toBe("veryfast");
    expect(FIXED_BITRATE.ladderPreset("veryfast", false)).toBe("veryfast");
  });

  it("should raise the CRF by four at ultrafast, which turns adaptive quantisation off", () => {
    expect(ULTRAFAST_CRF_OFFSET).toBe(4);
    expect(CAPPED_QUALITY.rung(rung(1080, 5_000_000), "ultrafast").crf).toBe(28);
    expect(CAPPED_QUALITY.rung(rung(720, 2_800_000), "ultrafast").crf).toBe(27);
    expect(CAPPED_QUALITY.rung(rung(480, 1_400_000), "ultrafast").crf).toBe(25);
    // superfast keeps the CRF of its size (its small rungs are ultrafast).
    expect(CAPPED_QUALITY.rung(rung(720, 2_800_000), "superfast").crf).toBe(23);
    expect(CAPPED_QUALITY.rung(rung(360, 800_000), "superfast").crf).toBe(25);
  });

  it("should step presets towards ultrafast and stop there", () => {
    expect(fasterPreset("veryfast")).toBe("superfast");
    expect(fasterPreset("veryfast", 2)).toBe("ultrafast");
    expect(fasterPreset("superfast", 2)).toBe("ultrafast");
    expect(fasterPreset("ultrafast")).toBe("ultrafast");
    expect(fasterPreset("no-such-preset", 2)).toBe("no-such-preset");
  });

  it("should keep the fixed-bitrate ladder as it was: target rate, 1.07x ceiling, 2 s buffer", () => {
    expect(FIXED_BITRATE.rung(rung(720, 2_800_000), "veryfast")).toEqual({
      preset: "veryfast",
      bitrate: 2_800_000,
      maxrate: 2_996_000,
      bufsize: 5_600_000,
    });
    expect(FIXED_BITRATE.dropsRedundantTopRungs).toBe(false);
  });
});
