import { describe, expect, it } from "vitest";
import type { SourceInfo } from "../pipeline/inspect-source.ts";
import {
  copiedCutTimes,
  firstRungCuts,
  longestFirstSegment,
  type FirstRung,
} from "./first-rung.ts";

const copy: FirstRung = { kind: "copy", name: "preview", width: 1280, height: 720 };
const source = (keyframeTimes: number[], durationSeconds: number) =>
  ({ keyframeTimes, durationSeconds }) as SourceInfo;
const range = (step: number, end: number) =>
  Array.from({ length: Math.ceil(end / step) }, (_, i) => i * step);

describe("the copied first rung's segments", () => {
  it("should be cut where ffmpeg's HLS muxer cuts a copy (seen with ffmpeg 5.1, hls_time 2)", () => {
    // `ffmpeg -i src.mp4 -c copy -f hls -hls_time 2` on keyframes at these times wrote
    // segments of 5.9, 0.6, 2.5, 0.5, 1.5 and 1.0 s.
    expect(copiedCutTimes([0, 1.9, 5.9, 6.5, 9, 9.5, 11])).toEqual([5.9, 6.5, 9, 9.5, 11]);
  });

  it("should take the longest segment, not the longest keyframe gap", () => {
    // A 1 s GOP is cut every 2 s (streamed-job.test.ts stores 2 s segments for it).
    expect(longestFirstSegment(source(range(1, 11), 11), copy)).toBe(2);
    expect(longestFirstSegment(source(range(8, 40), 40), copy)).toBe(8);
    expect(longestFirstSegment(source([0, 1.9, 5.9, 6.5, 9, 9.5, 11], 12), copy)).toBe(5.9);
  });
});

describe("where the first rung will be cut, before it is written", () => {
  it("should count a copy's cuts from its first keyframe, as ffmpeg's output timeline does", () => {
    // A source whose first keyframe is at 0.02 s (within half a frame: still copied).
    const cuts = firstRungCuts(source([0.02, 4.02, 8.02, 12.02], 14), copy) as number[];
    expect(cuts).toHaveLength(3);
    [4, 8, 12].forEach((t, i) => expect(cuts[i]).toBeCloseTo(t, 9));
  });

  it("should be the 2 s grid for an encoded first rung", () => {
    const encoded: FirstRung = { kind: "encode", name: "preview", width: 640, height: 360 };
    expect(firstRungCuts(source([], 30), encoded)).toBe("segment-grid");
    expect(longestFirstSegment(source([], 30), encoded)).toBe(2);
  });
});
