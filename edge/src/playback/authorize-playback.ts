import type { Context } from "hono";
import { isWatchable, type VideoOutputs } from "@coursecast/shared";
import type { AppEnv } from "../app-env.ts";
import { authenticatedUser, bearerToken } from "../auth/bearer.ts";
import { acceptedWebhookSecrets } from "../config.ts";
import { loadVideo, type Viewer } from "../courses/access.ts";
import { readViewerPlaybackToken } from "../courses/viewer-playback-token.ts";
import type { VideoRecord } from "../domain/video.ts";
import { AppError } from "../errors.ts";

/**
 * A video that can be played now, and what serves it: the final master once
 * ready, the growing master while still processing (`processing: true`, no
 * poster, MP4 or MP3 yet).
 */
export interface Playback {
  video: VideoRecord;
  master: string;
  processing: boolean;
  /** The final outputs: present once ready. */
  outputs: VideoOutputs | null;
}

/** How the video plays now, or null when it cannot be played (`isWatchable` decides). */
export function playbackOf(video: VideoRecord | null): Playback | null {
  if (!video || !isWatchable(video.state, video.playable ?? false)) return null;
  if (video.state === "ready") {
    return video.outputs
      ? { video, master: video.outputs.masterPlaylist, processing: false, outputs: video.outputs }
      : null;
  }
  return video.playbackMaster
    ? { video, master: video.playbackMaster, processing: true, outputs: null }
    : null;
}

/**
 * A watchable video the caller may watch: through a playback token in the query
 * (players, <a download>) or a bearer access token (API clients). Either way
 * the course's access rules are asked again on every request.
 */
export async function authorizePlayback(
  c: Context<AppEnv>,
  videoId: string,
): Promise<{ playback: Playback; viewer: Viewer }> {
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
  const playback = playbackOf(video);
  if (!playback) throw new AppError("not_found", "No playable video");
  return { playback, viewer };
}

/** The final outputs, for downloads and images: these exist only once the video is ready. */
export function readyOutputs(playback: Playback): VideoOutputs {
  if (!playback.outputs) throw new AppError("not_found", "Still processing: not there yet");
  return playback.outputs;
}
