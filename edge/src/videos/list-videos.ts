import { isWatchable, type VideoState } from "@coursecast/shared";
import type { AuthUser } from "../domain/auth-user.ts";
import { AppError } from "../errors.ts";
import { watchableCourseIds } from "../courses/enrolled-courses.ts";
import type { Services } from "../ports/services.ts";
import type { VideoRecord } from "../domain/video.ts";

function encodeCursor(video: VideoRecord): string {
  return btoa(JSON.stringify({ c: video.createdAt, i: video._id })).replace(/=+$/, "");
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const { c, i } = JSON.parse(atob(cursor)) as { c: unknown; i: unknown };
    if (typeof c === "string" && typeof i === "string") return { createdAt: c, id: i };
  } catch {
    // fall through
  }
  throw new AppError("validation_failed", "cursor: not a cursor this API returned", {
    field: "cursor",
  });
}

export interface ListFilters {
  state?: VideoState;
  limit: number;
  cursor?: string;
}

/**
 * Instructors see their own videos, students the watchable lectures (ready, or
 * processing and playable) of the published courses they are enrolled in, admins
 * everything.
 */
export async function listVideos(services: Services, user: AuthUser, filters: ListFilters) {
  const student = user.role === "student";
  const ownerId = user.role === "instructor" ? user.id : undefined;
  const courseIds = student ? await watchableCourseIds(services, user) : undefined;
  const states: VideoState[] | undefined = filters.state ? [filters.state] : undefined;
  if (student && filters.state && !isWatchable(filters.state, true))
    return { items: [], nextCursor: null };
  const items = await services.videos.list({
    ...(ownerId ? { ownerId } : {}),
    ...(courseIds ? { courseIds } : {}),
    ...(states ? { states } : {}),
    ...(student ? { watchableOnly: true } : {}),
    limit: filters.limit + 1,
    ...(filters.cursor ? { cursor: decodeCursor(filters.cursor) } : {}),
  });
  const page = items.slice(0, filters.limit);
  return {
    items: page,
    nextCursor: items.length > filters.limit ? encodeCursor(page.at(-1)!) : null,
  };
}
