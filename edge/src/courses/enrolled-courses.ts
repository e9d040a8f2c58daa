import type { Viewer } from "./access.ts";
import type { Services } from "../ports/services.ts";

/** How many enrolments one student's lists look at. */
export const MAX_ENROLMENTS = 500;

/** The published courses the student is enrolled in (drafts stay hidden even from them). */
export async function watchableCourseIds(services: Services, viewer: Viewer): Promise<string[]> {
  const ids = await services.enrolments.courseIdsOf(viewer.id, MAX_ENROLMENTS);
  if (ids.length === 0) return [];
  const courses = await services.courses.list({
    ids,
    published: true,
    limit: MAX_ENROLMENTS,
  });
  return courses.map((course) => course._id);
}
