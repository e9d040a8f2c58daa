/** A plain-text e-mail to one person; the sender is the edge's configured address. */
export interface PlainEmail {
  to: string;
  subject: string;
  text: string;
}

/** Outgoing e-mail (Cloudflare Email Routing's `send_email` binding in production). */
export interface Mailer {
  send(email: PlainEmail): Promise<void>;
}

/** Who an e-mail greets. */
export interface Recipient {
  email: string;
  name: string;
}

/** Every e-mail to a person reads the same around its body: a greeting and the signature. */
export function greetingEmail(to: Recipient, subject: string, body: string): PlainEmail {
  return { to: to.email, subject, text: `Hello ${to.name},\n\n${body}\n\n— coursecast` };
}
