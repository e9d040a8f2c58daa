import { describe, expect, it } from "vitest";
import { LADDER_FIRST_MIN_PACE, LadderPace, PACE_JUDGED_AFTER_SECONDS } from "./ladder-pace.ts";

/** A ladder reporting every half second after `startup` seconds, at `speed` × realtime. */
function ladderAt(speed: number, startup: number, until: number): LadderPace {
  const pace = new LadderPace(0);
  for (let t = startup + 0.5; t <= until; t += 0.5) pace.note((t - startup) * speed, t * 1000);
  return pace;
}

describe("the ladder's pace", () => {
  it("should be the speed of the last seconds, not the average since a slow start", () => {
    const pace = ladderAt(2, 1.5, 4);
    expect(pace.pace(4000)).toBeCloseTo(2, 5);
  });

  it("should not judge before ffmpeg is past its start-up", () => {
    const pace = ladderAt(0.5, 1.5, 3);
    expect(pace.tooSlow((PACE_JUDGED_AFTER_SECONDS - 1) * 1000)).toBe(false);
  });

  it("should find a ladder too slow when it runs under the pace that lists it in time, or not at all", () => {
    expect(ladderAt(1.4, 1.5, 4).tooSlow(4000)).toBe(true);
    expect(ladderAt(LADDER_FIRST_MIN_PACE + 0.3, 1.5, 4).tooSlow(4000)).toBe(false);
    // No progress reported yet at 4 s (a heavy source still opening): too slow.
    expect(new LadderPace(0).tooSlow(4000)).toBe(true);
    // Progress that stopped: the pace falls with the time since.
    const stalled = ladderAt(3, 1, 3);
    expect(stalled.tooSlow(6000)).toBe(true);
  });
});
