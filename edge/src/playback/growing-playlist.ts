import { rewritePlaylist } from "./rewrite-playlist.ts";

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

export function parseGrowingRewrite(text: string | null): GrowingRewrite | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<GrowingRewrite>;
    return typeof value.raw === "string" &&
      typeof value.body === "string" &&
      typeof value.signedAt === "number"
      ? { raw: value.raw, body: value.body, signedAt: value.signedAt }
      : null;
  } catch {
    return null;
  }
}

/**
 * Rewrites `text` reusing `previous` when `text` extends it and its URLs are still
 * good for a full `ttlSeconds` (they are signed for twice that). Returns the body and
 * the rewrite to keep, or `keep: null` when `previous` is still the one to keep.
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
  let keep: GrowingRewrite | null;
  if (reusable && previous.raw.length === raw.length) {
    keep = null;
  } else if (reusable) {
    const added = await rewritePlaylist(raw.slice(previous.raw.length), playlistKey, urlFor);
    keep = { raw, body: previous.body + added, signedAt: previous.signedAt };
  } else {
    keep = { raw, body: await rewritePlaylist(raw, playlistKey, urlFor), signedAt: now };
  }
  const prefixBody = keep?.body ?? previous!.body;
  const body = tail ? prefixBody + (await rewritePlaylist(tail, playlistKey, urlFor)) : prefixBody;
  return { body, keep };
}
