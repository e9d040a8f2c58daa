/** One media playlist as ffmpeg wrote it: its header, its segments, whether it ended. */
export interface MediaPlaylist {
  header: string[];
  /** The init segment (EXT-X-MAP URI), if any. */
  init: string | null;
  segments: Array<{ seconds: number; uri: string }>;
  ended: boolean;
}

/** Parses a media playlist; a segment line is taken only once its URI line is there. */
export function parseMediaPlaylist(text: string): MediaPlaylist {
  const lines = text.split(/\r?\n/);
  const header: string[] = [];
  const segments: MediaPlaylist["segments"] = [];
  let init: string | null = null;
  let pending: number | null = null;
  let ended = false;
  for (const line of lines) {
    if (!line) continue;
    const inf = /^#EXTINF:([\d.]+)/.exec(line)?.[1];
    if (inf) pending = Number(inf);
    else if (line === "#EXT-X-ENDLIST") ended = true;
    else if (!line.startsWith("#") && pending !== null) {
      segments.push({ seconds: pending, uri: line.trim() });
      pending = null;
    } else if (!segments.length && pending === null) {
      header.push(line);
      init ??= /^#EXT-X-MAP:.*URI="([^"]+)"/.exec(line)?.[1] ?? null;
    }
  }
  return { header, init, segments, ended };
}

/** A header as served: `EVENT` while the playlist grows, `VOD` once it is `final`. */
export function servedHeader(playlist: MediaPlaylist, final: boolean): string[] {
  const type = final ? "VOD" : "EVENT";
  return playlist.header.map((l) =>
    l.startsWith("#EXT-X-PLAYLIST-TYPE:") ? `#EXT-X-PLAYLIST-TYPE:${type}` : l,
  );
}

/** The EXTINF and URI lines of segments, each URI behind `uriPrefix`. */
export function segmentLines(segments: MediaPlaylist["segments"], uriPrefix = ""): string[] {
  return segments.flatMap((s) => [`#EXTINF:${s.seconds.toFixed(6)},`, `${uriPrefix}${s.uri}`]);
}

/**
 * The playlist as served: the first `count` segments; while growing, an `EVENT`
 * playlist; at the end (`final`, every segment listed) a VOD one with ENDLIST.
 */
export function renderMediaPlaylist(
  playlist: MediaPlaylist,
  count: number,
  final: boolean,
): string {
  const body = segmentLines(playlist.segments.slice(0, count));
  return [...servedHeader(playlist, final), ...body, ...(final ? ["#EXT-X-ENDLIST"] : []), ""].join(
    "\n",
  );
}

export const playlistSeconds = (p: MediaPlaylist, count = p.segments.length) =>
  p.segments.slice(0, count).reduce((sum, s) => sum + s.seconds, 0);

/** Segments a stored playlist lists (0 for none): a rerun never uploads a shorter one. */
export function countSegments(text: string | null): number {
  return text ? parseMediaPlaylist(text).segments.length : 0;
}
