import type { Config } from "../../config.ts";
import { greetingEmail, type PlainEmail, type Recipient } from "../../ports/mailer.ts";

/**
 * Console links carry their token in the fragment (`#/…?token=`): a fragment is
 * never sent to a server, so the token stays out of access logs and Referer headers.
 */
export function consoleLink(config: Config, page: string, token: string): string {
  return `${config.PUBLIC_URL.replace(/\/$/, "")}/#/${page}?token=${encodeURIComponent(token)}`;
}

const hours = (seconds: number) =>
  seconds % 3600 === 0 ? `${seconds / 3600} hours` : `${Math.round(seconds / 60)} minutes`;

/** An e-mail whose one action is a console link that works once, for `ttlSeconds`. */
function linkEmail(
  config: Config,
  to: Recipient,
  mail: {
    subject: string;
    /** What the link is for, up to the colon the link follows. */
    lead: string;
    page: string;
    token: string;
    ttlSeconds: number;
    /** What to do if the e-mail was not expected. */
    after: string;
  },
): PlainEmail {
  const link = consoleLink(config, mail.page, mail.token);
  return greetingEmail(
    to,
    mail.subject,
    `${mail.lead}\n${link}\n\nThe link works once, for ${hours(mail.ttlSeconds)}. ${mail.after}`,
  );
}

export function verificationEmail(config: Config, to: Recipient, token: string): PlainEmail {
  return linkEmail(config, to, {
    subject: "Confirm your e-mail address for coursecast",
    lead: "please confirm that this is your address by opening this link:",
    page: "verify-email",
    token,
    ttlSeconds: config.EMAIL_VERIFICATION_TTL_SECONDS,
    after: "If you did not create a coursecast account, ignore this e-mail.",
  });
}

export function passwordResetEmail(config: Config, to: Recipient, token: string): PlainEmail {
  return linkEmail(config, to, {
    subject: "Reset your coursecast password",
    lead: "someone (we hope you) asked to reset the password of your coursecast account. To choose a new one, open this link:",
    page: "reset-password",
    token,
    ttlSeconds: config.PASSWORD_RESET_TTL_SECONDS,
    after:
      "Setting a new password logs you out everywhere. If you did not ask, ignore this e-mail: your password stays as it is.",
  });
}

export function registrationAttemptEmail(config: Config, to: Recipient): PlainEmail {
  const base = config.PUBLIC_URL.replace(/\/$/, "");
  return greetingEmail(
    to,
    "Someone tried to register with your e-mail address",
    `someone tried to create a coursecast account with your address, which already has one. If it was you, log in at ${base}/ — or, if you forgot your password, reset it at ${base}/#/forgot-password. If it was not you, nothing changed: ignore this e-mail.`,
  );
}
