import type { OutboxMessage } from "./server.ts";

/** For tests: the messages the outbox holds for one address. */
export async function readOutbox(outboxUrl: string, to: string): Promise<OutboxMessage[]> {
  const url = new URL("/messages", outboxUrl);
  url.searchParams.set("to", to);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`mail outbox answered ${response.status}`);
  return ((await response.json()) as { messages: OutboxMessage[] }).messages;
}

/**
 * For tests: waits until the address has received `count` messages whose subject
 * matches (mail is sent after the HTTP answer), and returns the newest one.
 */
export async function waitForMail(
  outboxUrl: string,
  to: string,
  subject: RegExp,
  options: { count?: number; timeoutMs?: number } = {},
): Promise<OutboxMessage> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const matching = (await readOutbox(outboxUrl, to)).filter((m) => subject.test(m.subject));
    if (matching.length >= (options.count ?? 1)) return matching[matching.length - 1]!;
    if (Date.now() > deadline)
      throw new Error(`no e-mail matching ${String(subject)} reached ${to} in time`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The token of the first console link (`#/<page>?token=…`) in a message. */
export function linkToken(message: { text: string }, page: string): string {
  const match = new RegExp(`#/${page}\\?token=([A-Za-z0-9_%-]+)`).exec(message.text);
  if (!match?.[1]) throw new Error(`no ${page} link in: ${message.text}`);
  return decodeURIComponent(match[1]);
}
