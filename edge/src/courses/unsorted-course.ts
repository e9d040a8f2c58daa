import type { Services } from "../ports/services.ts";
import { UNSORTED_TITLE, type CourseRecord } from "../domain/course.ts";
import { newCourseRecord } from "./new-course.ts";

/**
 * The id of an owner's Unsorted course is derived from the owner's id, so two
 * uploads racing to create it collide on the key instead of making two.
 */
export async function unsortedCourseId(ownerId: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`unsorted:${ownerId}`)),
  ).slice(0, 16);
  // A version-8 (custom) UUID, RFC 9562.
  digest[6] = (digest[6]! & 0x0f) | 0x80;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The owner's private Unsorted course, created on first need. */
export async function ensureUnsortedCourse(
  services: Services,
  ownerId: string,
): Promise<CourseRecord> {
  const id = await unsortedCourseId(ownerId);
  const existing = await services.courses.get(id);
  if (existing) return existing;
  const course = newCourseRecord(ownerId, { title: UNSORTED_TITLE }, id, true);
  if (await services.courses.create(course)) return course;
  return (await services.courses.get(id))!;
}
