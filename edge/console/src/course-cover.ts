import type { Api } from "./api.ts";
import type { Course } from "./course-types.ts";
import { h } from "./dom.ts";

/**
 * The course's cover image, or nothing. Its URL is presigned and asked for with
 * the session's token, so the <img> gets its src once the URL is known.
 */
export function coverImage(api: Api, course: Pick<Course, "id" | "title" | "coverFileId">) {
  if (!course.coverFileId) return null;
  const img = h("img", { className: "cover", alt: `Cover of ${course.title}` });
  void api.client
    .courseFileUrl(course.id, course.coverFileId)
    .then(({ url }) => (img.src = url))
    .catch(() => img.remove());
  return img;
}
