import type { AuthUser } from "../domain/auth-user.ts";
import { AppError } from "../errors.ts";
import type { CourseChanges } from "../ports/course-store.ts";
import type { Services } from "../ports/services.ts";
import type { CourseRecord } from "../domain/course.ts";
import { newCourseRecord, type NewCourse } from "./new-course.ts";

export async function createCourse(
  services: Services,
  user: AuthUser,
  input: NewCourse,
): Promise<CourseRecord> {
  const course = newCourseRecord(user.id, input);
  await services.courses.create(course);
  return course;
}

/** Only the owner (or an admin) changes who co-teaches; the cover must be an image of the course. */
export async function updateCourse(
  services: Services,
  user: AuthUser,
  course: CourseRecord,
  changes: CourseChanges,
): Promise<CourseRecord> {
  if (changes.coInstructorIds) {
    if (course.ownerId !== user.id && user.role !== "admin")
      throw new AppError("forbidden", "Only the owner chooses co-instructors");
    const ids = [...new Set(changes.coInstructorIds)].filter((id) => id !== course.ownerId);
    for (const id of ids) {
      const account = await services.users.findById(id);
      if (!account || account.role === "student")
        throw new AppError("validation_failed", "coInstructorIds: not an instructor", {
          field: "coInstructorIds",
        });
    }
    changes = { ...changes, coInstructorIds: ids };
  }
  if (changes.coverFileId) {
    const file = course.files.find((f) => f.id === changes.coverFileId);
    if (!file || file.kind !== "image")
      throw new AppError("validation_failed", "coverFileId: an image file of this course", {
        field: "coverFileId",
      });
  }
  if (!(await services.courses.update(course._id, changes)))
    throw new AppError("not_found", "No such course");
  return (await services.courses.get(course._id))!;
}

/** A course is deleted once it has no lectures left; Unsorted stays. */
export async function deleteCourse(
  services: Services,
  user: AuthUser,
  course: CourseRecord,
): Promise<void> {
  if (course.ownerId !== user.id && user.role !== "admin")
    throw new AppError("forbidden", "Only the owner deletes a course");
  if (course.unsorted) throw new AppError("conflict", "The Unsorted course cannot be deleted");
  if ((await services.lectures.listByCourse(course._id, 1)).length > 0)
    throw new AppError("conflict", "Delete or move the course's lectures first");
  await services.courses.remove(course._id);
}
