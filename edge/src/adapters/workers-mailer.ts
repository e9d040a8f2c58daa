import { EmailMessage } from "cloudflare:email";
import type { Mailer, PlainEmail } from "../ports/mailer.ts";

/** RFC 2047 encoded-word for non-ASCII headers. */
function encodeHeader(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  const bytes = new TextEncoder().encode(value);
  return `=?UTF-8?B?${btoa(String.fromCharCode(...bytes))}?=`;
}

/** A minimal RFC 5322 text message; base64 body so any UTF-8 text is safe. */
export function buildMime(
  email: PlainEmail & { from: string },
  messageId: string,
  date = new Date(),
): string {
  const body = btoa(String.fromCharCode(...new TextEncoder().encode(email.text)))
    .match(/.{1,76}/g)!
    .join("\r\n");
  return [
    `From: coursecast <${email.from}>`,
    `To: ${email.to}`,
    `Subject: ${encodeHeader(email.subject)}`,
    `Message-ID: <${messageId}@${email.from.split("@")[1] ?? "coursecast"}>`,
    `Date: ${date.toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: base64",
    "",
    body,
  ].join("\r\n");
}

/** Sends through a Workers `send_email` binding, from the configured address. */
export class WorkersMailer implements Mailer {
  private readonly binding: SendEmail;
  private readonly from: string;

  constructor(binding: SendEmail, from: string) {
    this.binding = binding;
    this.from = from;
  }

  async send(email: PlainEmail): Promise<void> {
    const message = { ...email, from: this.from };
    await this.binding.send(
      new EmailMessage(this.from, email.to, buildMime(message, crypto.randomUUID())),
    );
  }
}
