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

/** What a player may take to fetch a segment it has just heard of, and the playlist itself. */
export const FETCH_SLACK_SECONDS = 3;

/**
 * The lead a rung of segments up to `longestSegmentSeconds` long needs. A player hears
 * of new segments only when it reloads the growing playlist: hls.js (as the HLS spec
 * asks) reloads one target duration after a reload that brought something new. So a
 * viewer who starts on a rung holding L seconds may learn of the next segments one
 * target duration later, by which time the rung's written part may still end a
 * segment short of a steady writer's line: L must cover two segment lengths and the
 * fetch. With 2 s segments the base lead is more than that; a phone recording with a
 * keyframe every 8 s, copied as it is, needs 19 s (a 6 s lead stalled such a viewer
 * in the real-transcoder test; ahead-of-viewer.test.ts models the player).
 */
export function leadSeconds(base: number, longestSegmentSeconds: number): number {
  return Math.max(base, 2 * longestSegmentSeconds + FETCH_SLACK_SECONDS);
}
