import { isWatchable } from "@coursecast/shared";
import type { AuthUser } from "../domain/auth-user.ts";
import { AppError } from "../errors.ts";
import type { Services } from "../ports/services.ts";
import type { VideoRecord } from "../domain/video.ts";
import type { CourseRecord } from "../domain/course.ts";

/**
 * The one place that decides who may do what with a course and its lectures.
 * `manage`: the owner, a co-instructor or an admin. `view`: an enrolled student,
 * or anyone signed in for a public course; only once the course is published.
 * Everything else is `null`, which every caller answers with 404.
 */
export type Access = "manage" | "view";

/** Who is asking: a signed-in user, or the holder of a viewer's playback token. */
export type Viewer = Pick<AuthUser, "id" | "role">;

export function managesCourse(viewer: Viewer, course: CourseRecord): boolean {
  return (
    viewer.role === "admin" ||
    course.ownerId === viewer.id ||
    course.coInstructorIds.includes(viewer.id)
  );
}

export async function courseAccess(
  services: Services,
  viewer: Viewer,
  course: CourseRecord,
): Promise<Access | null> {
  if (managesCourse(viewer, course)) return "manage";
  if (!course.published) return null;
  if (course.visibility === "public") return "view";
  return (await services.enrolments.isEnrolled(course._id, viewer.id)) ? "view" : null;
}

/**
 * A lecture is watched through its course; only managers see it before it is
 * watchable (ready, or still processing but playable: `isWatchable`).
 */
export async function videoAccess(
  services: Services,
  viewer: Viewer,
  video: VideoRecord,
): Promise<Access | null> {
  if (video.state === "deleted") return null;
  if (video.ownerId === viewer.id || viewer.role === "admin") return "manage";
  // Videos that predate courses are their owner's until the migration moves them.
  if (!video.courseId) return null;
  const course = await services.courses.get(video.courseId);
  if (!course) return null;
  const access = await courseAccess(services, viewer, course);
  if (access === "view" && !isWatchable(video.state, video.playable ?? false)) return null;
  return access;
}

const noCourse = () => new AppError("not_found", "No such course");

export async function loadCourse(
  services: Services,
  viewer: Viewer,
  id: string,
  needed: Access,
): Promise<{ course: CourseRecord; access: Access }> {
  const course = await services.courses.get(id);
  if (!course) throw noCourse();
  const access = await courseAccess(services, viewer, course);
  if (!access || (needed === "manage" && access !== "manage")) throw noCourse();
  return { course, access };
}

export async function loadVideo(
  services: Services,
  viewer: Viewer,
  id: string,
  needed: Access,
): Promise<{ video: VideoRecord; access: Access }> {
  const video = await services.videos.get(id);
  const access = video ? await videoAccess(services, viewer, video) : null;
  if (!video || !access || (needed === "manage" && access !== "manage"))
    throw new AppError("not_found", "No such video");
  return { video, access };
}
