import type { AuthUser } from "../domain/auth-user.ts";
import type { Services } from "../ports/services.ts";
import { loadCourse } from "./access.ts";
import { ensureUnsortedCourse } from "./unsorted-course.ts";

// Unsorted courses known to exist in this isolate: they are never deleted, so an
// upload without `courseId` needs no read once its owner's course was seen.
const knownUnsorted = new WeakMap<Services, Map<string, string>>();

/** The course a new upload goes into: one the caller manages, or their Unsorted course. */
export async function courseForUpload(
  services: Services,
  user: AuthUser,
  courseId: string | undefined,
): Promise<string> {
  if (courseId === undefined) {
    let known = knownUnsorted.get(services);
    if (!known) knownUnsorted.set(services, (known = new Map()));
    const cached = known.get(user.id);
    if (cached) return cached;
    const id = (await ensureUnsortedCourse(services, user.id))._id;
    known.set(user.id, id);
    return id;
  }
  return (await loadCourse(services, user, courseId, "manage")).course._id;
}
