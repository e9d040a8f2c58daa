import { rewritePlaylist } from "./rewrite-playlist.ts";

/**
 * Lines added since the kept rewrite that are presigned per request before the kept
 * rewrite is replaced: writing a 1-hour rung's rewrite (about 1 MB) back to the cache
 * at every request would cost more than presigning a few dozen lines (bench/RESULTS.md).
 */
const LINES_BEFORE_KEEPING = 64;

/**
 * A growing (`#EXT-X-PLAYLIST-TYPE:EVENT`) variant playlist only ever gains lines at
 * its end until `#EXT-X-ENDLIST`. Its rewrite is kept with the raw text it came from,
 * so the next request presigns only the lines added since: a 1-hour rung is not
 * presigned again every few seconds (see bench/edge-playlist.ts).
 */
export interface GrowingRewrite {
  /** The raw text rewritten, up to and including its last line break. */
  raw: string;
  /** `raw` rewritten. */
  body: string;
  /** When the oldest URL in `body` was signed (epoch ms). */
  signedAt: number;
}

export function isComplete(playlist: string): boolean {
  return /^#EXT-X-ENDLIST[ \t]*$/m.test(playlist);
}

/**
 * The kept rewrite as one text: a header line, then the raw text and its rewrite back
 * to back. Reading it back is two slices, not a JSON parse of a megabyte.
 */
export function formatGrowingRewrite({ raw, body, signedAt }: GrowingRewrite): string {
  return `growing ${signedAt} ${raw.length}\n${raw}${body}`;
}

export function parseGrowingRewrite(text: string | null): GrowingRewrite | null {
  if (text === null) return null;
  const header = /^growing (\d{1,15}) (\d{1,10})\n/.exec(text.slice(0, 64));
  if (!header) return null;
  const start = header[0].length;
  const rawEnd = start + Number(header[2]);
  if (rawEnd > text.length) return null;
  return {
    signedAt: Number(header[1]),
    raw: text.slice(start, rawEnd),
    body: text.slice(rawEnd),
  };
}

/**
 * Rewrites `text` reusing `previous` when `text` extends it and its URLs are still
 * good for a full `ttlSeconds` (they are signed for twice that): only the lines added
 * since are presigned. Returns the body and the rewrite to keep, or `keep: null` when
 * `previous` is still the one to keep (fewer than LINES_BEFORE_KEEPING lines added).
 */
export async function rewriteGrowingPlaylist(
  text: string,
  playlistKey: string,
  urlFor: (key: string) => Promise<string | null>,
  previous: GrowingRewrite | null,
  ttlSeconds: number,
  now = Date.now(),
): Promise<{ body: string; keep: GrowingRewrite | null }> {
  // Only whole lines are kept: the rewrite of "A\n" followed by that of "B\n" is that of "A\nB\n".
  const cut = text.lastIndexOf("\n") + 1;
  const raw = text.slice(0, cut);
  const tail = text.slice(cut);
  const reusable =
    previous !== null &&
    now - previous.signedAt < ttlSeconds * 1000 &&
    raw.startsWith(previous.raw);
  if (!reusable) {
    const keep = { raw, body: await rewritePlaylist(raw, playlistKey, urlFor), signedAt: now };
    return { body: keep.body + (await rewriteTail(tail)), keep };
  }
  const addedRaw = raw.slice(previous.raw.length);
  const added = addedRaw ? await rewritePlaylist(addedRaw, playlistKey, urlFor) : "";
  const body = previous.body + added + (await rewriteTail(tail));
  const addedLines = addedRaw.split("\n").length - 1;
  return {
    body,
    keep:
      addedLines >= LINES_BEFORE_KEEPING
        ? { raw, body: previous.body + added, signedAt: previous.signedAt }
        : null,
  };

  async function rewriteTail(rest: string): Promise<string> {
    return rest ? rewritePlaylist(rest, playlistKey, urlFor) : "";
  }
}
