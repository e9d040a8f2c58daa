import { describe, expect, it } from "vitest";
import {
  FIRST_RUNG_LEAD_SECONDS,
  LADDER_LEAD_SECONDS,
  isAhead,
  leadSeconds,
} from "./ahead-of-viewer.ts";

/**
 * A viewer of a growing (EVENT) playlist as hls.js 1.7 plays one: it knows the
 * segments listed at its last reload, and reloads one target duration after a
 * reload that brought something new, half of one after a reload that did not
 * (computeReloadInterval in hls.js; the HLS spec asks the same). A segment it
 * knows of takes `fetchSeconds` to arrive. Returns the first stall, or null.
 */
function firstStall(options: {
  segmentSeconds: number;
  /** How fast the rung is written, × realtime. */
  speed: number;
  lead: number;
  fetchSeconds: number;
  durationSeconds: number;
}): { at: number; position: number } | null {
  const { segmentSeconds: d, speed } = options;
  // What is listed at time t: the segments written whole by then.
  const listedAt = (t: number) =>
    Math.min(Math.floor((t * speed) / d) * d, options.durationSeconds);
  // The rung becomes listed (the video playable) at the first tick the rule says so.
  let playable = 0;
  for (let t = 0; ; t += 0.5) {
    const published = listedAt(t);
    const ahead = isAhead({
      publishedSeconds: published,
      writingForSeconds: t,
      done: published >= options.durationSeconds,
      viewerStartedSecondsAgo: 0,
      lead: options.lead,
    });
    if (ahead) {
      playable = t;
      break;
    }
  }
  // The viewer starts there and plays at 1× from position 0.
  let known = listedAt(playable);
  let lastKnown = known;
  let nextReload = playable + d;
  for (let t = playable; t < playable + options.durationSeconds; t += 0.05) {
    if (t >= nextReload) {
      known = listedAt(t);
      nextReload = t + (known > lastKnown ? d : d / 2);
      lastKnown = known;
    }
    const position = t - playable;
    if (known >= options.durationSeconds) return null;
    if (position + options.fetchSeconds > known) return { at: t, position };
  }
  return null;
}

describe("how far ahead a growing rung must be before a viewer is sent to it", () => {
  it("keeps a viewer who starts at once ahead of the playlist reloads with 8 s segments", () => {
    // A phone or screen recording with a keyframe every 8 s, copied at 1.3× realtime
    // (a loaded machine): the viewer hears of a new segment only once per reload.
    const lead = leadSeconds(FIRST_RUNG_LEAD_SECONDS, 8);
    expect(
      firstStall({ segmentSeconds: 8, speed: 1.3, lead, fetchSeconds: 2, durationSeconds: 600 }),
    ).toBeNull();
  });

  it("does the same for the longest keyframe gap a copy accepts and for ladder rungs", () => {
    for (const [base, d] of [
      [FIRST_RUNG_LEAD_SECONDS, 10],
      [FIRST_RUNG_LEAD_SECONDS, 2],
      [LADDER_LEAD_SECONDS, 8],
      [LADDER_LEAD_SECONDS, 2],
    ] as const)
      for (const speed of [1.3, 2, 8])
        expect(
          firstStall({
            segmentSeconds: d,
            speed,
            lead: leadSeconds(base, d),
            fetchSeconds: 2,
            durationSeconds: 900,
          }),
          `${d} s segments at ${speed}×`,
        ).toBeNull();
  });

  it("would stall with a fixed 6 s lead on 8 s segments (the model can fail)", () => {
    expect(
      firstStall({
        segmentSeconds: 8,
        speed: 1.3,
        lead: FIRST_RUNG_LEAD_SECONDS,
        fetchSeconds: 2,
        durationSeconds: 600,
      }),
    ).not.toBeNull();
  });

  it("asks no more than the base lead where segments are short", () => {
    expect(leadSeconds(FIRST_RUNG_LEAD_SECONDS, 1)).toBe(FIRST_RUNG_LEAD_SECONDS);
  });
});
