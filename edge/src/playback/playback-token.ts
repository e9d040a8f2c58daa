// A short-lived capability for one video's playlists: players (hls.js, <video>)
// cannot add an Authorization header to every request, so the master URL carries
// `token=<exp>.<hmac>` and every rewritten playlist URL passes it on.
const encoder = new TextEncoder();

async function hmacHex(secret: string, message: string): Promise<string> {
  // Domain-separated from webhook signatures, which use the same secret.
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(`playback:${secret}`),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message)));
  return [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
}

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
    const expected = await hmacHex(secret, `${videoId}:${match[1]}`);
    let diff = 0;
    for (let i = 0; i < expected.length; i++)
      diff |= expected.charCodeAt(i) ^ match[2]!.charCodeAt(i);
    if (diff === 0) return true;
  }
  return false;
}
