import type { AuthUser } from "../domain/auth-user.ts";
import type { CourseRecord } from "../domain/course.ts";
import { normaliseEmail } from "../auth/public-user.ts";
import { AppError } from "../errors.ts";
import type { Services } from "../ports/services.ts";

export const MAX_CO_INSTRUCTORS = 20;

/**
 * What an owner adding a colleague learns about an address: only whether it is an
 * instructor's account. No account and a student's account answer the same words,
 * so the form cannot be used to find out who studies on the platform.
 */
export const NO_INSTRUCTOR = "No instructor account uses that e-mail address";

export interface CoInstructorView {
  id: string;
  name: string;
  /** The owner's and admins' only: co-instructors see each other by name. */
  email?: string;
}

const ownerOnly = (user: AuthUser, course: CourseRecord) => {
  if (course.ownerId !== user.id && user.role !== "admin")
    throw new AppError("forbidden", "Only the owner chooses co-instructors");
};

export async function listCoInstructors(
  services: Services,
  user: AuthUser,
  course: CourseRecord,
): Promise<CoInstructorView[]> {
  const withEmail = course.ownerId === user.id || user.role === "admin";
  const accounts = await Promise.all(
    course.coInstructorIds.map((id) => services.users.findById(id)),
  );
  return accounts.flatMap((account) =>
    account
      ? [{ id: account._id, name: account.name, ...(withEmail ? { email: account.email } : {}) }]
      : [],
  );
}

/** Adds the instructor who uses `email`; adding someone already there changes nothing. */
export async function addCoInstructor(
  services: Services,
  user: AuthUser,
  course: CourseRecord,
  email: string,
): Promise<CourseRecord> {
  ownerOnly(user, course);
  const account = await services.users.findByEmail(normaliseEmail(email));
  if (!account || account.role === "student") throw new AppError("not_found", NO_INSTRUCTOR);
  if (account._id === course.ownerId || course.coInstructorIds.includes(account._id)) return course;
  if (course.coInstructorIds.length >= MAX_CO_INSTRUCTORS)
    throw new AppError("conflict", `A course has at most ${MAX_CO_INSTRUCTORS} co-instructors`);
  return setCoInstructors(services, course, [...course.coInstructorIds, account._id]);
}

export async function removeCoInstructor(
  services: Services,
  user: AuthUser,
  course: CourseRecord,
  coInstructorId: string,
): Promise<void> {
  ownerOnly(user, course);
  if (!course.coInstructorIds.includes(coInstructorId))
    throw new AppError("not_found", "Not a co-instructor of this course");
  await setCoInstructors(
    services,
    course,
    course.coInstructorIds.filter((id) => id !== coInstructorId),
  );
}

async function setCoInstructors(services: Services, course: CourseRecord, ids: string[]) {
  if (!(await services.courses.update(course._id, { coInstructorIds: ids })))
    throw new AppError("not_found", "No such course");
  return { ...course, coInstructorIds: ids };
}
