import { videoOutputPrefix, type ReadyEvent } from "@coursecast/shared";
import type { Config } from "../config.ts";
import type { VideoRecord } from "../domain/video.ts";

/** Every key the final ladder and outputs of a `ready` event name. */
function finalKeys(event: ReadyEvent): string[] {
  const { outputs } = event;
  return [
    outputs.masterPlaylist,
    outputs.mp4.key,
    outputs.poster.key,
    ...(outputs.mp3 ? [outputs.mp3.key] : []),
    ...(outputs.storyboard ? [outputs.storyboard.key] : []),
    ...outputs.thumbnails.map((thumbnail) => thumbnail.key),
    ...event.renditions.map((rendition) => rendition.playlistKey),
  ];
}

/**
 * The renditions a `ready` event says were served while processing but are not in the
 * final ladder, with when the sweeper may delete them: viewers who opened the growing
 * master may still read them for a while. A prefix outside the video's own outputs, or
 * one that holds any final output, is dropped: a transcoder bug must never delete
 * another video's files or this one's final ladder.
 */
export function supersededRenditions(
  config: Config,
  event: ReadyEvent,
  now = Date.now(),
): Pick<VideoRecord, "supersededPrefixes" | "supersededDeleteAfter"> {
  const own = videoOutputPrefix(event.videoId);
  const keep = finalKeys(event);
  const kept = event.supersededPrefixes.filter(
    (prefix) =>
      prefix.startsWith(own) &&
      prefix.length > own.length &&
      !prefix.includes("..") &&
      !keep.some((key) => key.startsWith(prefix)),
  );
  if (kept.length === 0) return {};
  return {
    supersededPrefixes: kept,
    supersededDeleteAfter: new Date(now + config.SUPERSEDED_GRACE_SECONDS * 1000).toISOString(),
  };
}
