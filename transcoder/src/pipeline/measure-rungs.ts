import { readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";

export interface MediaSegment {
  bytes: number;
  seconds: number;
}

/** What a rung costs, measured from its written segments (init segment excluded). */
export interface RungMeasure {
  /** Mean segment bitrate over the whole rung, bits per second. */
  averageBitrate: number;
  /** Peak segment bitrate as RFC 8216 defines it, bits per second. */
  peakBitrate: number;
  /** Bytes of every file the playlist names, init segment included. */
  bytes: number;
}

/**
 * RFC 8216 §4.3.4.2's peak segment bit rate: the largest bit rate of any run of
 * consecutive segments lasting 0.5 to 1.5 times the target duration. A short last
 * segment is thus judged together with the one before it, not alone.
 */
export function peakSegmentBitrate(
  segments: readonly MediaSegment[],
  targetSeconds: number,
): number {
  let peak = 0;
  for (let start = 0; start < segments.length; start++) {
    let bytes = 0;
    let seconds = 0;
    for (let end = start; end < segments.length; end++) {
      bytes += segments[end]!.bytes;
      seconds += segments[end]!.seconds;
      if (seconds > targetSeconds * 1.5) break;
      if (seconds >= targetSeconds * 0.5) peak = Math.max(peak, (bytes * 8) / seconds);
    }
  }
  // A rung shorter than half a target duration has no qualifying run: use all of it.
  if (peak === 0 && segments.length > 0) peak = averageBitrate(segments);
  return peak;
}

export function averageBitrate(segments: readonly MediaSegment[]): number {
  const seconds = segments.reduce((sum, s) => sum + s.seconds, 0);
  const bytes = segments.reduce((sum, s) => sum + s.bytes, 0);
  return seconds > 0 ? (bytes * 8) / seconds : 0;
}

/** Reads a VOD media playlist and the sizes of the segments it names. */
export async function measureMediaPlaylist(playlistPath: string): Promise<RungMeasure> {
  const dir = dirname(playlistPath);
  const lines = (await readFile(playlistPath, "utf8")).split(/\r?\n/);
  const target = Number(/^#EXT-X-TARGETDURATION:(\d+)/m.exec(lines.join("\n"))?.[1] ?? 0);
  const segments: MediaSegment[] = [];
  let bytes = 0;
  let pendingSeconds: number | null = null;
  for (const line of lines) {
    const init = /^#EXT-X-MAP:.*URI="([^"]+)"/.exec(line)?.[1];
    if (init) bytes += (await stat(join(dir, init))).size;
    const inf = /^#EXTINF:([\d.]+)/.exec(line)?.[1];
    if (inf) pendingSeconds = Number(inf);
    else if (line && !line.startsWith("#") && pendingSeconds !== null) {
      const size = (await stat(join(dir, line.trim()))).size;
      segments.push({ bytes: size, seconds: pendingSeconds });
      bytes += size;
      pendingSeconds = null;
    }
  }
  return {
    averageBitrate: averageBitrate(segments),
    peakBitrate: peakSegmentBitrate(segments, target || 2),
    bytes,
  };
}
