import type { Config } from "../../config.ts";
import type { PlainEmail } from "../../ports/mailer.ts";

/**
 * Console links carry their token in the fragment (`#/…?token=`): a fragment is
 * never sent to a server, so the token stays out of access logs and Referer headers.
 */
export function consoleLink(config: Config, page: string, token: string): string {
  return `${config.PUBLIC_URL.replace(/\/$/, "")}/#/${page}?token=${encodeURIComponent(token)}`;
}

const hours = (seconds: number) =>
  seconds % 3600 === 0 ? `${seconds / 3600} hours` : `${Math.round(seconds / 60)} minutes`;

export function verificationEmail(
  config: Config,
  to: { email: string; name: string },
  token: string,
): PlainEmail {
  return {
    to: to.email,
    subject: "Confirm your e-mail address for coursecast",
    text: `Hello ${to.name},\n\nplease confirm that this is your address by opening this link:\n${consoleLink(config, "verify-email", token)}\n\nThe link works once, for ${hours(config.EMAIL_VERIFICATION_TTL_SECONDS)}. If you did not create a coursecast account, ignore this e-mail.\n\n— coursecast`,
  };
}

export function passwordResetEmail(
  config: Config,
  to: { email: string; name: string },
  token: string,
): PlainEmail {
  return {
    to: to.email,
    subject: "Reset your coursecast password",
    text: `Hello ${to.name},\n\nsomeone (we hope you) asked to reset the password of your coursecast account. To choose a new one, open this link:\n${consoleLink(config, "reset-password", token)}\n\nThe link works once, for ${hours(config.PASSWORD_RESET_TTL_SECONDS)}. Setting a new password logs you out everywhere. If you did not ask, ignore this e-mail: your password stays as it is.\n\n— coursecast`,
  };
}

export function registrationAttemptEmail(
  config: Config,
  to: { email: string; name: string },
): PlainEmail {
  const base = config.PUBLIC_URL.replace(/\/$/, "");
  return {
    to: to.email,
    subject: "Someone tried to register with your e-mail address",
    text: `Hello ${to.name},\n\nsomeone tried to create a coursecast account with your address, which already has one. If it was you, log in at ${base}/ — or, if you forgot your password, reset it at ${base}/#/forgot-password. If it was not you, nothing changed: ignore this e-mail.\n\n— coursecast`,
  };
}
