/**
 * Keyframe times of an MP4 or MOV file's first video track, from its index (`moov`:
 * the sync-sample, decoding-time and composition-offset tables and the edit list), read
 * in ranges: a megabyte or two for an hour, wherever the index sits in the file. Reading
 * every packet header with ffprobe instead reads the whole file (over HTTP, 1.6 GB for
 * an hour's 1080p lecture before its first segment could start).
 */
import { open } from "node:fs/promises";
import { MP4BoxBuffer, createFile, type Track } from "mp4box";

/** The index is read in pieces of this size (the first also holds a faststart file's `moov`). */
const READ_BYTES = 1 << 20;
/** More index than this (a file with no `moov`, or a damaged one) is left to ffprobe. */
const MAX_INDEX_BYTES = 64 << 20;

type ReadRange = (start: number, length: number) => Promise<ArrayBuffer>;

function rangeReader(source: string): { read: ReadRange; close: () => Promise<void> } {
  if (/^https?:\/\//.test(source)) {
    return {
      read: async (start, length) => {
        const res = await fetch(source, {
          headers: { range: `bytes=${start}-${start + length - 1}` },
        });
        // 416: past the end of the file.
        if (res.status === 416) return new ArrayBuffer(0);
        if (res.status !== 206) {
          // A server that ignores Range would send the whole file.
          await res.body?.cancel();
          throw new Error(`range read answered ${res.status}`);
        }
        return res.arrayBuffer();
      },
      close: async () => undefined,
    };
  }
  const handle = open(source, "r");
  return {
    read: async (start, length) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await (await handle).read(buffer, 0, length, start);
      return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + bytesRead);
    },
    close: async () => (await handle).close(),
  };
}

/**
 * mp4box prints an error on the console for every box it does not know, at any log
 * level (ffmpeg's own `udta` metadata is two of them): not the worker's log format,
 * and not a failure. Its parsing is synchronous, so nothing else prints meanwhile.
 */
function quietly<T>(parse: () => T): T {
  const print = console.error;
  console.error = () => undefined;
  try {
    return parse();
  } finally {
    console.error = print;
  }
}

/**
 * Where the track's presentation starts on ffmpeg's timeline, in the track's timescale:
 * an empty edit delays it, the first media edit skips `media_time` (x264's B-frame
 * delay). Null for an edit list ffmpeg would have to cut or repeat samples for.
 */
function editShift(track: Track, trackTimescale: number): number | null {
  const edits = track.edits ?? [];
  let delay = 0;
  const media = edits.filter((e) => e.media_time !== -1);
  for (const e of edits) {
    if (e.media_time !== -1) break;
    delay += (e.segment_duration * trackTimescale) / track.movie_timescale;
  }
  if (media.length > 1 || media.some((e) => e.media_rate_integer !== 1)) return null;
  return delay - (media[0]?.media_time ?? 0);
}

/**
 * The presentation time (seconds, as ffprobe prints `pts_time`) of every sync sample of
 * the first video track, sorted; null when the file is not a plain (unfragmented) MP4
 * or MOV with an index this can read, which the caller leaves to ffprobe.
 */
export async function mp4KeyframeTimes(source: string): Promise<number[] | null> {
  const { read, close } = rangeReader(source);
  const file = createFile();
  let ready = false;
  let failed = false;
  file.onReady = () => {
    ready = true;
  };
  file.onError = () => {
    failed = true;
  };
  try {
    let position = 0;
    let readBytes = 0;
    while (!ready && !failed && readBytes < MAX_INDEX_BYTES) {
      const bytes = await read(position, READ_BYTES);
      if (!bytes.byteLength) break;
      readBytes += bytes.byteLength;
      const next = quietly(() => file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(bytes, position)));
      position = next > position ? next : position + bytes.byteLength;
    }
    if (!ready) return null;
    const movie = file.getInfo();
    // A fragmented file's samples are spread over the file, in fragments after the index.
    if (movie.isFragmented) return null;
    const track = movie.videoTracks[0];
    if (!track) return null;
    const samples = file.getTrackSamplesInfo(track.id);
    if (!samples.length) return null;
    const timescale = samples[0]!.timescale;
    const shift = editShift(track, timescale);
    if (shift === null) return null;
    return samples
      .filter((s) => s.is_sync)
      .map((s) => (s.cts + shift) / timescale)
      .sort((a, b) => a - b);
  } catch {
    return null;
  } finally {
    await close();
  }
}
