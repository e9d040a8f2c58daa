import type { AuthUser } from "../domain/auth-user.ts";
import { AppError } from "../errors.ts";
import type { Services } from "../ports/services.ts";
import type { VideoRecord } from "../domain/video.ts";

/** Owner or admin: may change the video. Another user's video answers 404, not 403. */
export async function loadOwnVideo(
  services: Services,
  user: AuthUser,
  id: string,
): Promise<VideoRecord> {
  const video = await services.videos.get(id);
  if (!video || video.state === "deleted" || (video.ownerId !== user.id && user.role !== "admin")) {
    throw new AppError("not_found", "No such video");
  }
  return video;
}

/** Owner, admin, or anyone signed in once the video is ready: may watch it. */
export async function loadViewableVideo(
  services: Services,
  user: AuthUser,
  id: string,
): Promise<VideoRecord> {
  const video = await services.videos.get(id);
  const canSee =
    video &&
    video.state !== "deleted" &&
    (video.ownerId === user.id || user.role === "admin" || video.state === "ready");
  if (!video || !canSee) throw new AppError("not_found", "No such video");
  return video;
}
