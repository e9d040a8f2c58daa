import { EmailMessage } from "cloudflare:email";

export interface PlainEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
}

/** RFC 2047 encoded-word for non-ASCII headers. */
function encodeHeader(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  const bytes = new TextEncoder().encode(value);
  return `=?UTF-8?B?${btoa(String.fromCharCode(...bytes))}?=`;
}

/** A minimal RFC 5322 text message; base64 body so any UTF-8 text is safe. */
export function buildMime(email: PlainEmail, messageId: string, date = new Date()): string {
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

export async function sendEmail(binding: SendEmail, email: PlainEmail): Promise<void> {
  await binding.send(new EmailMessage(email.from, email.to, buildMime(email, crypto.randomUUID())));
}
