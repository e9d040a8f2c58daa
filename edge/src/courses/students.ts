import { AppError } from "../errors.ts";
import type { Services } from "../ports/services.ts";
import type { CourseRecord } from "../domain/course.ts";
import { loadOutline } from "./course-outline.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";

/** How many enrolments the completion counts look at. */
export const MAX_STUDENTS = 5000;

/** A page of the course's students, oldest enrolment first, each with lectures completed. */
export async function listStudents(
  services: Services,
  course: CourseRecord,
  limit: number,
  cursor?: string,
) {
  const enrolments = await services.enrolments.listStudents(
    course._id,
    limit + 1,
    cursor ? decodeCursor(cursor) : undefined,
  );
  const page = enrolments.slice(0, limit);
  const lectureIds = (await loadOutline(services, course)).flatMap((s) =>
    s.lectures.map((v) => v._id),
  );
  const completedBy = await services.watchProgress.completedBy(lectureIds);
  const completedCount = (studentId: string) =>
    [...completedBy.values()].filter((ids) => ids.includes(studentId)).length;
  const items = await Promise.all(
    page.map(async (enrolment) => {
      const account = await services.users.findById(enrolment.studentId);
      return {
        id: enrolment.studentId,
        name: account?.name ?? "",
        email: account?.email ?? "",
        enrolledAt: enrolment.enrolledAt,
        completed: completedCount(enrolment.studentId),
      };
    }),
  );
  const last = page.at(-1);
  return {
    items,
    nextCursor:
      enrolments.length > limit && last
        ? encodeCursor({ createdAt: last.enrolledAt, id: last._id })
        : null,
  };
}

/** Removal takes effect at once: the next playlist or download request is refused. */
export async function removeStudent(services: Services, course: CourseRecord, studentId: string) {
  if (!(await services.enrolments.remove(course._id, studentId)))
    throw new AppError("not_found", "No such student in this course");
}
