import { DependencyError } from "../errors.ts";
import type { Mailer, PlainEmail } from "../ports/mailer.ts";

/**
 * Development only: hands each e-mail to the dev stack's mail outbox over HTTP
 * (`dev/src/mail-outbox`), which logs it and keeps it for tests to read. Lets
 * `npm run dev` show verification and reset links without a mail server.
 */
export class HttpOutboxMailer implements Mailer {
  private readonly url: string;
  private readonly from: string;

  constructor(url: string, from: string) {
    this.url = url;
    this.from = from;
  }

  async send(email: PlainEmail): Promise<void> {
    const response = await fetch(new URL("/messages", this.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...email, from: this.from }),
    }).catch((cause: unknown) => {
      throw new DependencyError("mail", "the mail outbox is unreachable", { cause });
    });
    if (!response.ok)
      throw new DependencyError("mail", `the mail outbox answered ${response.status}`);
  }
}
