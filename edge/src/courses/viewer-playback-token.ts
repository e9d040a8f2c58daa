import { ROLES, type Role } from "../domain/user.ts";
import { checkPlaybackToken, issuePlaybackToken } from "../playback/playback-token.ts";
import type { Viewer } from "./access.ts";

/**
 * A playback token bound to the viewer it was issued to (`<role>.<userId>.<exp>.<hmac>`),
 * so each playlist and download request asks the access rules again: a student
 * removed from a course stops playing at once, not when the token expires.
 */
const scope = (videoId: string, viewer: Viewer) => `${videoId}:${viewer.role}:${viewer.id}`;

export async function issueViewerPlaybackToken(
  secret: string,
  videoId: string,
  viewer: Viewer,
  ttlSeconds: number,
): Promise<string> {
  const token = await issuePlaybackToken(secret, scope(videoId, viewer), ttlSeconds);
  return `${viewer.role}.${viewer.id}.${token}`;
}

/** The viewer the token was issued to, or null when it is forged, for another video or expired. */
export async function readViewerPlaybackToken(
  secrets: readonly string[],
  videoId: string,
  token: string,
): Promise<Viewer | null> {
  const match = /^([a-z]{1,16})\.([0-9a-f-]{36})\.(\d{1,12}\.[0-9a-f]{64})$/.exec(token);
  if (!match) return null;
  const role = match[1] as Role;
  if (!ROLES.includes(role)) return null;
  const viewer: Viewer = { id: match[2]!, role };
  return (await checkPlaybackToken(secrets, scope(videoId, viewer), match[3]!)) ? viewer : null;
}
