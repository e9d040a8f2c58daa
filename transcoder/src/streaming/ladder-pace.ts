/**
 * How fast the ladder's ffmpeg gets through the source, from its progress reports: an
 * encoded source waits for the ladder to be ahead of a viewer by itself before a preview
 * is started (a second decode), and this tells early when the wait is in vain.
 */

/** The pace is judged from this many seconds after the ladder started (ffmpeg's start-up is behind it). */
export const PACE_JUDGED_AFTER_SECONDS = 4;
/** The pace is that of the last this many seconds. */
export const PACE_WINDOW_SECONDS = 2;
/**
 * Below this pace (source seconds per second) the ladder is not listed within the
 * preview's 10 s wait: listing asks for 1.2× realtime on average from the start, its
 * written part a segment behind what ffmpeg has read, after a second or two of start-up,
 * which takes about 1.65× from then on. A 1080p HEVC lecture's ladder ran at about 1.4×
 * on a 2-core worker and waited the whole 10 s for nothing (playable 16.4 s, not 6).
 */
export const LADDER_FIRST_MIN_PACE = 1.5;

export class LadderPace {
  private readonly samples: Array<{ at: number; seconds: number }> = [];
  private readonly startedAt: number;

  constructor(startedAt = Date.now()) {
    this.startedAt = startedAt;
  }

  /** ffmpeg has processed `seconds` of the source. */
  note(seconds: number, at = Date.now()): void {
    this.samples.push({ at, seconds });
  }

  /** Source seconds processed per second over the last PACE_WINDOW_SECONDS (until `at`). */
  pace(at = Date.now()): number {
    const from = at - PACE_WINDOW_SECONDS * 1000;
    let base = { at: this.startedAt, seconds: 0 };
    let latest = base;
    for (const s of this.samples) {
      if (s.at > at) break;
      if (s.at <= from) base = s;
      latest = s;
    }
    const elapsed = (at - base.at) / 1000;
    return elapsed > 0 ? (latest.seconds - base.seconds) / elapsed : 0;
  }

  /** Already clear that the ladder will not be ahead of a viewer by itself soon. */
  tooSlow(at = Date.now()): boolean {
    return (
      at - this.startedAt >= PACE_JUDGED_AFTER_SECONDS * 1000 &&
      this.pace(at) < LADDER_FIRST_MIN_PACE
    );
  }
}
