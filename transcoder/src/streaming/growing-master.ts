import { readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { peakSegmentBitrate } from "../pipeline/measure-rungs.ts";
import { parseMediaPlaylist } from "./media-playlist.ts";

export const AUDIO_GROUP = "aud";
/** What the AAC audio group adds to a variant's BANDWIDTH before it is measured at the end. */
const AUDIO_ALLOWANCE = 140_000;

export interface GrowingVariant {
  name: string;
  width: number;
  height: number;
  codecs: string;
  /** The local playlist, to estimate BANDWIDTH from the segments written so far. */
  playlistPath: string;
}

/** Peak bitrate of the segments written so far, bits per second. */
async function peakSoFar(playlistPath: string): Promise<number> {
  const text = await readFile(playlistPath, "utf8").catch(() => "");
  const segments = [];
  for (const s of parseMediaPlaylist(text).segments) {
    const bytes = (await stat(join(dirname(playlistPath), s.uri)).catch(() => null))?.size ?? 0;
    segments.push({ bytes, seconds: s.seconds });
  }
  return peakSegmentBitrate(segments, 2);
}

/**
 * The master served while the video is processing: the audio group and only the
 * rungs that are ahead of a viewer who starts now, largest first. BANDWIDTH is the
 * peak of the segments so far (the VOD master, written at the end, is measured).
 */
export async function growingMasterText(
  variants: readonly GrowingVariant[],
  hasAudio: boolean,
): Promise<string> {
  const lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS"];
  if (hasAudio)
    lines.push(
      `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="${AUDIO_GROUP}",NAME="audio",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio/index.m3u8"`,
    );
  lines.push("");
  const sorted = [...variants].sort((a, b) => b.height - a.height);
  for (const v of sorted) {
    const peak = await peakSoFar(v.playlistPath);
    const bandwidth = Math.ceil(Math.max(peak * 1.1, 200_000) + (hasAudio ? AUDIO_ALLOWANCE : 0));
    const attributes = [
      `BANDWIDTH=${bandwidth}`,
      `RESOLUTION=${v.width}x${v.height}`,
      `CODECS="${v.codecs}${hasAudio ? ",mp4a.40.2" : ""}"`,
      ...(hasAudio ? [`AUDIO="${AUDIO_GROUP}"`] : []),
    ];
    lines.push(`#EXT-X-STREAM-INF:${attributes.join(",")}`, `${v.name}/index.m3u8`, "");
  }
  return lines.join("\n");
}

/**
 * The master ffmpeg would have written for one run with everything: the first
 * run's audio group line and the ladder run's variants (CODECS with the audio
 * added), which finishLadder reads to write the measured VOD master.
 */
export async function mergeFfmpegMasters(
  firstMaster: string,
  ladderMaster: string | null,
  hasAudio: boolean,
): Promise<string> {
  // Only the audio group's line is taken from the first run's master: without audio an
  // encoded preview's run writes no such master.
  const first = hasAudio ? (await readFile(firstMaster, "utf8")).split("\n") : [];
  const ladder = ladderMaster ? (await readFile(ladderMaster, "utf8")).split("\n") : [];
  const media = first.filter((l) => l.startsWith("#EXT-X-MEDIA:"));
  const variants: string[] = [];
  ladder.forEach((line, i) => {
    if (!line.startsWith("#EXT-X-STREAM-INF:")) return;
    const withAudio = hasAudio
      ? line.replace(/CODECS="([^"]+)"/, (_m, c: string) => `CODECS="${c},mp4a.40.2"`)
      : line;
    variants.push(withAudio, ladder[i + 1] ?? "");
  });
  return ["#EXTM3U", "#EXT-X-VERSION:7", ...media, ...variants, ""].join("\n");
}
