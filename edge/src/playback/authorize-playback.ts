import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { verifyToken } from "../auth/tokens/verify-token.ts";
import { acceptedWebhookSecrets } from "../config.ts";
import { AppError } from "../errors.ts";
import { loadViewableVideo } from "../videos/access.ts";
import type { VideoRecord } from "../domain/video.ts";
import { checkPlaybackToken } from "./playback-token.ts";

/**
 * A ready video the caller may watch: through a playback token in the query
 * (players, <a download>) or a bearer access token (API clients).
 */
export async function authorizePlayback(c: Context<AppEnv>, videoId: string): Promise<VideoRecord> {
  const services = c.get("services");
  const token = c.req.query("token");
  let video: VideoRecord | null;
  if (token) {
    if (!(await checkPlaybackToken(acceptedWebhookSecrets(services.config), videoId, token))) {
      throw new AppError("token_invalid", "Playback token is invalid or expired");
    }
    video = await services.videos.get(videoId);
  } else {
    const bearer = /^Bearer (\S+)$/.exec(c.req.header("authorization") ?? "")?.[1];
    if (!bearer)
      throw new AppError("unauthenticated", "A playback token or a bearer token is required");
    const claims = await verifyToken(services.config, bearer, "access");
    if (await services.revocations.isRevoked(claims.jti, claims.fid))
      throw new AppError("token_revoked", "Token has been revoked");
    video = await loadViewableVideo(
      services,
      { id: claims.sub, role: claims.role, jti: claims.jti, exp: claims.exp, familyId: claims.fid },
      videoId,
    );
  }
  if (!video || video.state !== "ready" || !video.outputs)
    throw new AppError("not_found", "No playable video");
  return video;
}
