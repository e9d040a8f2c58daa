// A short-lived capability for one video's playlists: players (hls.js, <video>)
// cannot add an Authorization header to every request, so the master URL carries
// `token=<exp>.<hmac>` and every rewritten playlist URL passes it on.
import { constantTimeEqual, hmacSha256Hex } from "@coursecast/shared";

// Domain-separated from webhook signatures, which use the same secret.
const hmacHex = (secret: string, message: string) => hmacSha256Hex(`playback:${secret}`, message);

export async function issuePlaybackToken(
  secret: string,
  videoId: string,
  ttlSeconds: number,
  now = Math.floor(Date.now() / 1000),
): Promise<string> {
  const exp = now + ttlSeconds;
  return `${exp}.${await hmacHex(secret, `${videoId}:${exp}`)}`;
}

/** Checks a token against every secret given (the current one and, during a rotation, the previous one). */
export async function checkPlaybackToken(
  secrets: readonly string[],
  videoId: string,
  token: string,
  now = Math.floor(Date.now() / 1000),
): Promise<boolean> {
  const match = /^(\d{1,12})\.([0-9a-f]{64})$/.exec(token);
  if (!match || Number(match[1]) < now) return false;
  for (const secret of secrets) {
    if (constantTimeEqual(await hmacHex(secret, `${videoId}:${match[1]}`), match[2]!)) return true;
  }
  return false;
}
