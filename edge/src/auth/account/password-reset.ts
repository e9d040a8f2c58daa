import type { Services } from "../../ports/services.ts";
import { endAllSessions } from "../end-sessions.ts";
import { hashPassword } from "../passwords/scrypt.ts";
import { checkPasswordRules } from "../password-rules.ts";
import { normaliseEmail } from "../public-user.ts";
import { passwordResetEmail } from "./account-mail.ts";
import { LINK_NOT_VALID, markEmailVerified } from "./verify-email.ts";

/** E-mails a single-use reset link when the address has an account; nothing otherwise. */
export async function sendPasswordReset(services: Services, email: string): Promise<void> {
  const user = await services.users.findByEmail(normaliseEmail(email));
  if (!user) return;
  const { config } = services;
  const token = await services.oneTimeTokens.issue(
    "reset_password",
    user._id,
    config.PASSWORD_RESET_TTL_SECONDS,
  );
  await services.mailer.send(passwordResetEmail(config, user, token));
}

/**
 * Sets a new password from a reset link. The password is checked before the link
 * is used up, so a rejected password does not burn it. Then every session of the
 * user ends (a thief's as well), and the address counts as verified: the link
 * reached its owner.
 */
export async function resetPassword(
  services: Services,
  token: string,
  password: string,
): Promise<void> {
  const pending = await services.oneTimeTokens.peek("reset_password", token);
  const owner = pending ? await services.users.findById(pending) : null;
  if (!owner) throw LINK_NOT_VALID();
  checkPasswordRules(password, owner.email);
  const passwordHash = await hashPassword(password);
  // Taking the link is the single-use step: of two racing resets only one gets here.
  if ((await services.oneTimeTokens.take("reset_password", token)) !== owner._id)
    throw LINK_NOT_VALID();
  await services.users.setPasswordHash(owner._id, passwordHash);
  await endAllSessions(services, owner._id);
  await markEmailVerified(services, owner);
}
