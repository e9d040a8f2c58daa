import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { verifyToken } from "../auth/tokens/verify-token.ts";
import { acceptedWebhookSecrets } from "../config.ts";
import { loadVideo, type Viewer } from "../courses/access.ts";
import { readViewerPlaybackToken } from "../courses/viewer-playback-token.ts";
import { AppError } from "../errors.ts";
import type { VideoRecord } from "../videos/video.ts";

/**
 * A ready video the caller may watch: through a playback token in the query
 * (players, <a download>) or a bearer access token (API clients). Either way
 * the course's access rules are asked again on every request.
 */
export async function authorizePlayback(
  c: Context<AppEnv>,
  videoId: string,
): Promise<{ video: VideoRecord; viewer: Viewer }> {
  const services = c.get("services");
  const token = c.req.query("token");
  let viewer: Viewer | null;
  if (token) {
    viewer = await readViewerPlaybackToken(acceptedWebhookSecrets(services.config), videoId, token);
    if (!viewer) throw new AppError("token_invalid", "Playback token is invalid or expired");
  } else {
    const bearer = /^Bearer (\S+)$/.exec(c.req.header("authorization") ?? "")?.[1];
    if (!bearer)
      throw new AppError("unauthenticated", "A playback token or a bearer token is required");
    const claims = await verifyToken(services.config, bearer, "access");
    if (await services.revocations.isRevoked(claims))
      throw new AppError("token_revoked", "Token has been revoked");
    viewer = { id: claims.sub, role: claims.role };
  }
  const { video } = await loadVideo(services, viewer, videoId, "view");
  if (video.state !== "ready" || !video.outputs)
    throw new AppError("not_found", "No playable video");
  return { video, viewer };
}
