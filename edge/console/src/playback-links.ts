import type { Api } from "./api.ts";

export interface PlaybackLinks {
  master: string;
  poster: string | null;
  mp4: string;
  mp3: string | null;
}

/** Short-lived URLs a <video>, <img> or <a download> can use without an Authorization header. */
export async function playbackLinks(api: Api, videoId: string): Promise<PlaybackLinks> {
  return api.request<PlaybackLinks>("GET", `/videos/${videoId}/playback`);
}
