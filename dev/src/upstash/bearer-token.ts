import { createHash, timingSafeEqual } from "node:crypto";

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/**
 * Builds the check of an `Authorization: Bearer <token>` header. Both sides are
 * hashed first so the comparison takes the same time whatever the length or the
 * first differing byte of a guess.
 */
export function bearerTokenCheck(token: string): (header: string | undefined) => boolean {
  if (!token) throw new Error("the Upstash shim needs a non-empty token");
  const expected = digest(`Bearer ${token}`);
  return function matchesToken(header) {
    return timingSafeEqual(digest(header ?? ""), expected);
  };
}
