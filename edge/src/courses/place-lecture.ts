import type { AuthUser } from "../auth/auth-user.ts";
import type { Services } from "../services.ts";
import { loadCourse } from "./access.ts";
import { ensureUnsortedCourse } from "./unsorted-course.ts";

const ATTEMPTS = 3;

/** The course a new upload goes into: one the caller manages, or their Unsorted course. */
export async function courseForUpload(
  services: Services,
  user: AuthUser,
  courseId: string | undefined,
): Promise<string> {
  if (courseId === undefined) return (await ensureUnsortedCourse(services, user.id))._id;
  return (await loadCourse(services, user, courseId, "manage")).course._id;
}

/**
 * Lists the videos last in the course's last section. Best effort: a video of the
 * course missing from the outline is still shown at its end (`buildOutline`).
 */
export async function appendLectures(
  services: Services,
  courseId: string,
  videoIds: string[],
): Promise<void> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const course = await services.courses.get(courseId);
    if (!course) return;
    const listed = new Set(course.sections.flatMap((section) => section.lectureIds));
    const added = videoIds.filter((id) => !listed.has(id));
    if (added.length === 0) return;
    const sections =
      course.sections.length > 0
        ? course.sections.map((section, i) =>
            i === course.sections.length - 1
              ? { ...section, lectureIds: [...section.lectureIds, ...added] }
              : section,
          )
        : [{ id: crypto.randomUUID(), title: "Lectures", lectureIds: added }];
    if (await services.courses.replaceSections(courseId, sections, course.updatedAt)) return;
  }
}
