/** Resolves a playlist URI against the key of the playlist that contains it. */
export function resolveKey(playlistKey: string, uri: string): string | null {
  if (/^[a-z]+:/i.test(uri) || uri.startsWith("/")) return null;
  const parts = playlistKey.split("/").slice(0, -1);
  for (const segment of uri.split("?")[0]!.split("/")) {
    // Our playlists never climb out of their folder; a URI that does is refused.
    if (segment === "..") return null;
    if (segment !== "." && segment !== "") {
      parts.push(segment);
    }
  }
  return parts.join("/");
}

/**
 * Rewrites every URI of an HLS playlist — media lines and `URI="…"` attributes
 * (EXT-X-MAP, EXT-X-MEDIA, EXT-X-I-FRAME-STREAM-INF) — through `urlFor(key)`.
 * URIs outside the playlist's own tree (absolute, or climbing out) are dropped
 * as unsafe: the playlist is ours, so they never occur in practice.
 */
export async function rewritePlaylist(
  text: string,
  playlistKey: string,
  urlFor: (key: string) => Promise<string | null>,
): Promise<string> {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  for (const line of lines) {
    if (line.startsWith("#")) {
      const attrs = [...line.matchAll(/URI="([^"]*)"/g)];
      let rewritten = line;
      for (const [whole, uri] of attrs) {
        const key = resolveKey(playlistKey, uri ?? "");
        const url = key ? await urlFor(key) : null;
        rewritten = rewritten.replace(whole, `URI="${url ?? ""}"`);
      }
      out.push(rewritten);
    } else if (line.trim() === "") {
      out.push(line);
    } else {
      const key = resolveKey(playlistKey, line.trim());
      const url = key ? await urlFor(key) : null;
      if (url) out.push(url);
    }
  }
  return out.join("\n");
}
