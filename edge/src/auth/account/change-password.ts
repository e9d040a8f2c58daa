import { AppError } from "../../errors.ts";
import type { AuthUser } from "../../domain/auth-user.ts";
import type { Services } from "../../ports/services.ts";
import { endAllSessions } from "../end-sessions.ts";
import { hashPassword, verifyPassword } from "../passwords/scrypt.ts";
import { checkPasswordRules } from "../password-rules.ts";
import { signTokenPair, type TokenPair } from "../tokens/sign-token.ts";

/**
 * Changes the signed-in user's password: every session ends (this one too), and
 * the caller gets a fresh pair in a new refresh family, issued after the cut-off,
 * so only the device that made the change stays signed in.
 */
export async function changePassword(
  services: Services,
  caller: AuthUser,
  currentPassword: string,
  newPassword: string,
): Promise<TokenPair> {
  const user = await services.users.findById(caller.id);
  if (!user) throw new AppError("token_revoked", "Account no longer exists");
  if (!(await verifyPassword(currentPassword, user.passwordHash)).ok)
    throw new AppError("validation_failed", "currentPassword: is not your current password", {
      field: "currentPassword",
    });
  checkPasswordRules(newPassword, user.email, "newPassword");
  await services.users.setPasswordHash(user._id, await hashPassword(newPassword));
  await endAllSessions(services, user._id);
  return signTokenPair(services.config, { id: user._id, role: user.role }, crypto.randomUUID());
}
