import { AppError } from "../../errors.ts";
import type { Config } from "../../config.ts";
import type { Role, UserRecord } from "../../domain/user.ts";
import type { Services } from "../../ports/services.ts";
import { endAllSessions } from "../end-sessions.ts";
import { normaliseEmail } from "../public-user.ts";
import { verificationEmail } from "./account-mail.ts";

export const LINK_NOT_VALID = () =>
  new AppError(
    "gone",
    "This link does not work any more: it was used already, it expired, or it was copied incompletely. Ask for a new one.",
  );

/** E-mails the user a fresh single-use verification link. */
export async function sendVerificationEmail(services: Services, user: UserRecord): Promise<void> {
  const { config } = services;
  const token = await services.oneTimeTokens.issue(
    "verify_email",
    user._id,
    config.EMAIL_VERIFICATION_TTL_SECONDS,
  );
  await services.mailer.send(verificationEmail(config, user, token));
}

/** The role a verified address brings: admin for `ADMIN_BOOTSTRAP_EMAIL`, else unchanged. */
function roleOnceVerified(config: Config, user: UserRecord): Role {
  const bootstrap = config.ADMIN_BOOTSTRAP_EMAIL;
  return bootstrap && normaliseEmail(bootstrap) === user.email ? "admin" : user.role;
}

/**
 * Records a proven address (a verification link, or a password reset link, which
 * proves it as well). A role that changes with it ends the user's sessions, as an
 * admin's role change does: tokens carry the role.
 */
export async function markEmailVerified(services: Services, user: UserRecord): Promise<UserRecord> {
  const role = roleOnceVerified(services.config, user);
  const verifiedAt = user.emailVerified
    ? (user.emailVerifiedAt ?? new Date().toISOString())
    : new Date().toISOString();
  const updated = await services.users.markEmailVerified(user._id, verifiedAt, role);
  if (!updated) throw LINK_NOT_VALID();
  if (role !== user.role) await endAllSessions(services, user._id);
  return updated;
}

/** Uses a verification link: single use, whoever presents it. */
export async function verifyEmail(services: Services, token: string): Promise<UserRecord> {
  const userId = await services.oneTimeTokens.take("verify_email", token);
  const user = userId ? await services.users.findById(userId) : null;
  if (!user) throw LINK_NOT_VALID();
  return markEmailVerified(services, user);
}
