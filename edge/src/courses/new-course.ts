import type { CourseRecord, CourseVisibility } from "../domain/course.ts";

export interface NewCourse {
  title: string;
  description?: string;
  visibility?: CourseVisibility;
  published?: boolean;
}

/** A fresh course: private and a draft unless said otherwise, with one empty section. */
export function newCourseRecord(
  ownerId: string,
  input: NewCourse,
  id: string = crypto.randomUUID(),
  unsorted = false,
): CourseRecord {
  const now = new Date().toISOString();
  return {
    _id: id,
    ownerId,
    coInstructorIds: [],
    title: input.title,
    description: input.description ?? "",
    coverFileId: null,
    visibility: input.visibility ?? "private",
    published: input.published ?? false,
    unsorted,
    sections: [{ id: crypto.randomUUID(), title: "Lectures", lectureIds: [] }],
    files: [],
    createdAt: now,
    updatedAt: now,
  };
}
