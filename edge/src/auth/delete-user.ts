import { AppError } from "../errors.ts";
import type { Services } from "../ports/services.ts";
import { endAllSessions } from "./end-sessions.ts";

/** Deletes an account. Its tokens are ended first, so a failure half-way never leaves them working. */
export async function deleteUser(services: Services, userId: string): Promise<void> {
  if (!(await services.users.findById(userId))) throw new AppError("not_found", "No such user");
  await endAllSessions(services, userId);
  await services.users.remove(userId);
}
