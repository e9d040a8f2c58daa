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
