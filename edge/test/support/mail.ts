import { env } from "cloudflare:workers";
import { linkToken, readOutbox, waitForMail } from "@coursecast/dev/mail";

/** The dev stack's mail capture the Worker under test sends to (global-setup starts it). */
function outboxUrl(): string {
  const url = (env as unknown as { MAIL_OUTBOX_URL?: string }).MAIL_OUTBOX_URL;
  if (!url) throw new Error("MAIL_OUTBOX_URL is not bound: the global setup starts the outbox");
  return url;
}

export const mailTo = (to: string) => readOutbox(outboxUrl(), to);

export const waitForMailTo = (
  to: string,
  subject: RegExp,
  options?: { count?: number; timeoutMs?: number },
) => waitForMail(outboxUrl(), to, subject, options);

export { linkToken };

/** Waits for the verification e-mail and returns its link's token. */
export async function verificationToken(email: string, count = 1): Promise<string> {
  return linkToken(await waitForMailTo(email, /Confirm your e-mail/, { count }), "verify-email");
}

/** Waits for the password reset e-mail and returns its link's token. */
export async function resetToken(email: string, count = 1): Promise<string> {
  return linkToken(
    await waitForMailTo(email, /Reset your coursecast password/, { count }),
    "reset-password",
  );
}
