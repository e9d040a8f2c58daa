import type { Api } from "./api.ts";
import type { PlaybackLinks } from "../../src/playback/schemas.ts";

export type { PlaybackLinks };

/**
 * Short-lived URLs a <video>, <img> or <a download> can use without an Authorization
 * header. While the video is still processing (`processing: true`) there are no
 * poster or downloads yet, and the master grows.
 */
export async function playbackLinks(api: Api, videoId: string): Promise<PlaybackLinks> {
  return api.request<PlaybackLinks>("GET", `/videos/${videoId}/playback`);
}
