import type { AuthUser } from "../domain/auth-user.ts";
import type { CourseListQuery } from "../ports/course-store.ts";
import type { Services } from "../ports/services.ts";
import type { Access } from "./access.ts";
import type { CourseRecord, CourseVisibility } from "../domain/course.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { MAX_ENROLMENTS } from "./enrolled-courses.ts";

export interface CourseFilters {
  scope?: "teaching" | "learning" | "catalog" | undefined;
  visibility?: CourseVisibility | undefined;
  published?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * teaching: courses the caller owns or co-teaches (admins: every course);
 * learning: published courses the caller is enrolled in; catalog: public published ones.
 */
export async function listCourses(
  services: Services,
  user: AuthUser,
  filters: CourseFilters,
): Promise<{ items: { course: CourseRecord; access: Access }[]; nextCursor: string | null }> {
  const scope = filters.scope ?? (user.role === "student" ? "learning" : "teaching");
  const query: CourseListQuery = {
    limit: filters.limit + 1,
    ...(filters.visibility ? { visibility: filters.visibility } : {}),
    ...(filters.published !== undefined ? { published: filters.published } : {}),
    ...(filters.cursor ? { cursor: decodeCursor(filters.cursor) } : {}),
  };
  let access: Access = "view";
  if (scope === "teaching") {
    if (user.role === "student") return { items: [], nextCursor: null };
    if (user.role !== "admin") query.managerId = user.id;
    access = "manage";
  } else if (scope === "learning") {
    query.ids = await services.enrolments.courseIdsOf(user.id, MAX_ENROLMENTS);
    if (filters.published === false) return { items: [], nextCursor: null };
    query.published = true;
  } else {
    if (filters.visibility === "private" || filters.published === false)
      return { items: [], nextCursor: null };
    query.visibility = "public";
    query.published = true;
  }
  const courses = await services.courses.list(query);
  const page = courses.slice(0, filters.limit);
  const last = page.at(-1);
  return {
    items: page.map((course) => ({ course, access })),
    nextCursor:
      courses.length > filters.limit && last
        ? encodeCursor({ createdAt: last.createdAt, id: last._id })
        : null,
  };
}
