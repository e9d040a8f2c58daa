import { join } from "node:path";

/** Where each deliverable lives, relative to the job's output folder and to `videos/<id>/`. */
export const LAYOUT = {
  hlsDir: "hls",
  master: "hls/master.m3u8",
  rungPlaylist: (name: string) => `hls/${name}/index.m3u8`,
  mp4: "download.mp4",
  mp3: "audio.mp3",
  poster: "poster.jpg",
  thumbsDir: "thumbs",
  thumb: (n: number) => `thumbs/${String(n).padStart(4, "0")}.jpg`,
  storyboard: "thumbs/storyboard.vtt",
  manifest: "manifest.json",
} as const;

export const THUMBNAIL_INTERVAL_SECONDS = 10;
export const SEGMENT_SECONDS = 2;

export function outPath(outDir: string, relative: string): string {
  return join(outDir, relative);
}
