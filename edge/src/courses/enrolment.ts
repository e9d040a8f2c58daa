import type { AuthUser } from "../domain/auth-user.ts";
import { AppError } from "../errors.ts";
import type { Services } from "../ports/services.ts";
import { managesCourse } from "./access.ts";
import { enrolmentId, type CourseRecord } from "../domain/course.ts";
import { loadInvite, requireUsable } from "./invites.ts";

async function enrol(
  services: Services,
  user: AuthUser,
  course: CourseRecord,
  inviteCode: string | null,
): Promise<boolean> {
  return services.enrolments.enrol({
    _id: enrolmentId(course._id, user.id),
    courseId: course._id,
    studentId: user.id,
    inviteCode,
    enrolledAt: new Date().toISOString(),
  });
}

/**
 * Enrols the caller with an invite code. Already enrolled (or teaching it):
 * nothing changes and no use of the invite is spent.
 */
export async function enrolWithCode(
  services: Services,
  user: AuthUser,
  code: string,
): Promise<{ course: CourseRecord; created: boolean }> {
  const { invite, course } = await loadInvite(services, code);
  if (managesCourse(user, course) || (await services.enrolments.isEnrolled(course._id, user.id)))
    return { course, created: false };
  requireUsable(invite);
  if (!(await services.invites.claim(invite)))
    throw new AppError("gone", "This invite has been used up or revoked");
  return { course, created: await enrol(services, user, course, invite._id) };
}

/** Anyone signed in may join a public published course without an invite. */
export async function selfEnrol(
  services: Services,
  user: AuthUser,
  course: CourseRecord,
): Promise<boolean> {
  if (managesCourse(user, course)) return false;
  if (!course.published || course.visibility !== "public")
    throw new AppError("not_found", "No such course");
  return enrol(services, user, course, null);
}

export async function leaveCourse(services: Services, user: AuthUser, courseId: string) {
  if (!(await services.enrolments.remove(courseId, user.id)))
    throw new AppError("not_found", "Not enrolled in this course");
}
