import { AppError } from "../errors.ts";
import type { Services } from "../ports/services.ts";
import type { CourseRecord, CourseSection } from "../domain/course.ts";
import { buildOutline, type OutlineSection } from "./outline.ts";

/** A course has at most this many lectures (one Data API page). */
export const MAX_LECTURES = 2000;

export async function loadOutline(
  services: Services,
  course: CourseRecord,
): Promise<OutlineSection[]> {
  return buildOutline(course, await services.lectures.listByCourse(course._id, MAX_LECTURES));
}

export interface OutlineInput {
  sections: { id?: string | undefined; title: string; lectureIds: string[] }[];
}

/**
 * Replaces sections and lecture order in one write. The new outline must list
 * every lecture of the course exactly once; a concurrent change answers 409.
 */
export async function reorderCourse(
  services: Services,
  course: CourseRecord,
  input: OutlineInput,
): Promise<CourseRecord> {
  const lectures = await services.lectures.listByCourse(course._id, MAX_LECTURES);
  const expected = new Set(lectures.map((video) => video._id));
  const listed = input.sections.flatMap((section) => section.lectureIds);
  const unique = new Set(listed);
  const missing = [...expected].filter((id) => !unique.has(id));
  const foreign = [...unique].filter((id) => !expected.has(id));
  if (unique.size !== listed.length || missing.length > 0 || foreign.length > 0) {
    throw new AppError(
      "validation_failed",
      `sections: list every lecture of the course exactly once (missing ${missing.length}, not in this course ${foreign.length}, repeated ${listed.length - unique.size})`,
      { field: "sections" },
    );
  }
  const sections: CourseSection[] = input.sections.map((section) => ({
    id: section.id ?? crypto.randomUUID(),
    title: section.title,
    lectureIds: section.lectureIds,
  }));
  if (!(await services.courses.replaceSections(course._id, sections, course.updatedAt)))
    throw new AppError("conflict", "The course changed meanwhile; reload and try again");
  return (await services.courses.get(course._id))!;
}
