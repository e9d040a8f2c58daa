/** Seconds of media a rung must have in storage beyond a viewer's position before it is listed. */
export const FIRST_RUNG_LEAD_SECONDS = 6;
export const LADDER_LEAD_SECONDS = 10;
/** How much faster than realtime a rung must be written to be listed before it is done. */
export const MIN_SPEED = 1.2;

/**
 * A rung is ahead of every viewer when it is done, or when it is written faster
 * than realtime and already holds `lead` seconds beyond the furthest a viewer can
 * be (one who started `viewerStartedSecondsAgo` ago and never paused): at that
 * speed it stays ahead to the end.
 */
export function isAhead(rung: {
  publishedSeconds: number;
  writingForSeconds: number;
  done: boolean;
  viewerStartedSecondsAgo: number;
  lead: number;
}): boolean {
  if (rung.done) return true;
  if (rung.writingForSeconds <= 0) return false;
  const speed = rung.publishedSeconds / rung.writingForSeconds;
  return speed >= MIN_SPEED && rung.publishedSeconds >= rung.viewerStartedSecondsAgo + rung.lead;
}
