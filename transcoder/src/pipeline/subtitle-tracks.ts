import { mkdir, readFile, writeFile } from "node:fs/promises";
import { runFfmpeg } from "../ffmpeg/runner.ts";
import type { SourceInfo } from "./inspect-source.ts";
import { LAYOUT, outPath } from "./output-layout.ts";

/** Text subtitle codecs ffmpeg converts to WebVTT; bitmap ones (PGS, DVD) cannot be. */
const TEXT_CODECS = new Set(["mov_text", "subrip", "srt", "ass", "ssa", "webvtt", "text"]);
const GROUP = "subs";

export interface SubtitleRendition {
  name: string;
  language: string;
  playlist: string;
  vtt: string;
}

function mediaPlaylist(vttFile: string, durationSeconds: number): string {
  return [
    "#EXTM3U",
    "#EXT-X-VERSION:3",
    `#EXT-X-TARGETDURATION:${Math.ceil(durationSeconds)}`,
    "#EXT-X-MEDIA-SEQUENCE:0",
    "#EXT-X-PLAYLIST-TYPE:VOD",
    `#EXTINF:${durationSeconds.toFixed(3)},`,
    vttFile,
    "#EXT-X-ENDLIST",
    "",
  ].join("\n");
}

/**
 * Each text subtitle track becomes one WebVTT file with a one-segment HLS playlist,
 * listed in the master playlist as a SUBTITLES group; bitmap tracks are reported
 * back as dropped (noted in the manifest), never silently lost.
 */
export async function writeSubtitleRenditions(
  source: string,
  outDir: string,
  info: SourceInfo,
): Promise<{ kept: SubtitleRendition[]; dropped: string[] }> {
  const kept: SubtitleRendition[] = [];
  const dropped: string[] = [];
  for (const [track, subtitle] of info.subtitles.entries()) {
    const label = subtitle.language || `track ${track + 1}`;
    if (!TEXT_CODECS.has(subtitle.codec)) {
      dropped.push(`subtitle ${label} (${subtitle.codec}) is a picture format and was dropped`);
      continue;
    }
    const name = `subs_${track}`;
    await mkdir(outPath(outDir, `${LAYOUT.hlsDir}/${name}`), { recursive: true });
    const vtt = `${LAYOUT.hlsDir}/${name}/subtitles.vtt`;
    const converted = await runFfmpeg({
      inputs: [{ path: source }],
      outputs: [
        { path: outPath(outDir, vtt), options: ["-map", `0:s:${track}`, "-c:s", "webvtt"] },
      ],
    }).then(
      () => true,
      () => false,
    );
    if (!converted) {
      dropped.push(`subtitle ${label} (${subtitle.codec}) could not be read and was dropped`);
      continue;
    }
    const playlist = LAYOUT.rungPlaylist(name);
    await writeFile(
      outPath(outDir, playlist),
      mediaPlaylist("subtitles.vtt", info.durationSeconds),
    );
    kept.push({ name, language: subtitle.language, playlist, vtt });
  }
  return { kept, dropped };
}

/** Lists the subtitle renditions in the master playlist and links every variant to them. */
export async function addSubtitlesToMaster(
  outDir: string,
  subtitles: SubtitleRendition[],
): Promise<string> {
  const path = outPath(outDir, LAYOUT.master);
  const master = await readFile(path, "utf8");
  if (subtitles.length === 0) return master;
  const media = subtitles.map((s, i) => {
    const language = s.language && s.language !== "und" ? `,LANGUAGE="${s.language}"` : "";
    const name = s.language && s.language !== "und" ? s.language : `Subtitles ${i + 1}`;
    return `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="${GROUP}",NAME="${name}"${language},DEFAULT=NO,AUTOSELECT=YES,URI="${s.name}/index.m3u8"`;
  });
  const lines = master.split("\n");
  const firstVariant = lines.findIndex((l) => l.startsWith("#EXT-X-STREAM-INF"));
  const withLinks = lines.map((l) =>
    l.startsWith("#EXT-X-STREAM-INF") ? `${l},SUBTITLES="${GROUP}"` : l,
  );
  withLinks.splice(firstVariant, 0, ...media);
  const text = withLinks.join("\n");
  await writeFile(path, text);
  return text;
}
