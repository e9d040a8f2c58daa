import type { Context } from "hono";
import type { VideoOutputs } from "@coursecast/shared";
import type { AppEnv } from "../app-env.ts";
import { authenticatedUser, bearerToken } from "../auth/bearer.ts";
import { acceptedWebhookSecrets } from "../config.ts";
import { loadVideo, type Viewer } from "../courses/access.ts";
import { readViewerPlaybackToken } from "../courses/viewer-playback-token.ts";
import type { VideoRecord } from "../domain/video.ts";
import { AppError } from "../errors.ts";

/** A video whose outputs exist: what every playback route serves. */
export type ReadyVideo = VideoRecord & { state: "ready"; outputs: VideoOutputs };

export function isReady(video: VideoRecord | null): video is ReadyVideo {
  return video?.state === "ready" && video.outputs !== undefined;
}

/**
 * A ready video the caller may watch: through a playback token in the query
 * (players, <a download>) or a bearer access token (API clients). Either way
 * the course's access rules are asked again on every request.
 */
export async function authorizePlayback(
  c: Context<AppEnv>,
  videoId: string,
): Promise<{ video: ReadyVideo; viewer: Viewer }> {
  const services = c.get("services");
  const token = c.req.query("token");
  let viewer: Viewer | null;
  if (token) {
    viewer = await readViewerPlaybackToken(acceptedWebhookSecrets(services.config), videoId, token);
    if (!viewer) throw new AppError("token_invalid", "Playback token is invalid or expired");
  } else {
    const bearer = bearerToken(c.req.header("authorization"));
    if (!bearer)
      throw new AppError("unauthenticated", "A playback token or a bearer token is required");
    const user = await authenticatedUser(services, bearer);
    viewer = { id: user.id, role: user.role };
  }
  const { video } = await loadVideo(services, viewer, videoId, "view");
  if (!isReady(video)) throw new AppError("not_found", "No playable video");
  return { video, viewer };
}
