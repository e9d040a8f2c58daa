import type { Context } from "hono";
import type { VideoOutputs } from "@coursecast/shared";
import type { AppEnv } from "../app-env.ts";
import { authenticatedUser, bearerToken } from "../auth/bearer.ts";
import { acceptedWebhookSecrets } from "../config.ts";
import type { VideoRecord } from "../domain/video.ts";
import { AppError } from "../errors.ts";
import { loadViewableVideo } from "../videos/access.ts";
import { checkPlaybackToken } from "./playback-token.ts";

/** A video whose outputs exist: what every playback route serves. */
export type ReadyVideo = VideoRecord & { state: "ready"; outputs: VideoOutputs };

export function isReady(video: VideoRecord | null): video is ReadyVideo {
  return video?.state === "ready" && video.outputs !== undefined;
}

/**
 * A ready video the caller may watch: through a playback token in the query
 * (players, <a download>) or a bearer access token (API clients).
 */
export async function authorizePlayback(c: Context<AppEnv>, videoId: string): Promise<ReadyVideo> {
  const services = c.get("services");
  const token = c.req.query("token");
  let video: VideoRecord | null;
  if (token) {
    if (!(await checkPlaybackToken(acceptedWebhookSecrets(services.config), videoId, token))) {
      throw new AppError("token_invalid", "Playback token is invalid or expired");
    }
    video = await services.videos.get(videoId);
  } else {
    const bearer = bearerToken(c.req.header("authorization"));
    if (!bearer)
      throw new AppError("unauthenticated", "A playback token or a bearer token is required");
    video = await loadViewableVideo(services, await authenticatedUser(services, bearer), videoId);
  }
  if (!isReady(video)) throw new AppError("not_found", "No playable video");
  return video;
}
