import { videoOutputPrefix } from "@coursecast/shared";
import type { Config } from "../config.ts";
import type { VideoRecord } from "../domain/video.ts";

/**
 * The renditions a `ready` event says were served while processing but are not in the
 * final ladder, with when the sweeper may delete them: viewers who opened the growing
 * master may still read them for a while. Prefixes outside the video's own outputs are
 * dropped (a transcoder bug must never delete another video's files).
 */
export function supersededRenditions(
  config: Config,
  videoId: string,
  prefixes: readonly string[],
  now = Date.now(),
): Pick<VideoRecord, "supersededPrefixes" | "supersededDeleteAfter"> {
  const own = videoOutputPrefix(videoId);
  const kept = prefixes.filter(
    (prefix) => prefix.startsWith(own) && prefix.length > own.length && !prefix.includes(".."),
  );
  if (kept.length === 0) return {};
  return {
    supersededPrefixes: kept,
    supersededDeleteAfter: new Date(now + config.SUPERSEDED_GRACE_SECONDS * 1000).toISOString(),
  };
}
