import type { AuthUser } from "../domain/auth-user.ts";
import type { VideoRecord } from "../domain/video.ts";
import { loadVideo } from "../courses/access.ts";
import type { Services } from "../ports/services.ts";

/** Owner, co-instructor or admin: may change the video. Anyone else gets 404, not 403. */
export async function loadOwnVideo(
  services: Services,
  user: AuthUser,
  id: string,
): Promise<VideoRecord> {
  return (await loadVideo(services, user, id, "manage")).video;
}

/** Whoever may manage it, or a viewer of its course once it is ready (`courses/access.ts`). */
export async function loadViewableVideo(
  services: Services,
  user: AuthUser,
  id: string,
): Promise<VideoRecord> {
  return (await loadVideo(services, user, id, "view")).video;
}
