import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

/**
 * The dev stack's mail capture: the edge (with `MAIL_OUTBOX_URL` set) POSTs each
 * e-mail here instead of to Cloudflare's `send_email` binding. Every message is
 * printed, so `npm run dev` shows verification and reset links in the terminal,
 * and kept in memory for tests to read (`GET /messages?to=`). Development only.
 */
export interface MailOutboxOptions {
  port?: number;
  host?: string;
  silent?: boolean;
}

export interface MailOutbox {
  url: string;
  close(): Promise<void>;
}

const MessageSchema = z.object({
  from: z.string().max(320),
  to: z.string().max(320),
  subject: z.string().max(1000),
  text: z.string().max(100_000),
});
export type OutboxMessage = z.infer<typeof MessageSchema> & { receivedAt: string };

/** The most messages kept: a long dev session must not grow without end. */
const KEEP = 1000;
const MAX_BODY_BYTES = 256 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("message too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

export async function startMailOutbox(options: MailOutboxOptions = {}): Promise<MailOutbox> {
  const messages: OutboxMessage[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://outbox");
    if (url.pathname !== "/messages") return send(res, 404, { error: "not found" });
    if (req.method === "GET") {
      const to = url.searchParams.get("to")?.toLowerCase();
      return send(res, 200, {
        messages: to ? messages.filter((m) => m.to.toLowerCase() === to) : messages,
      });
    }
    if (req.method !== "POST") return send(res, 405, { error: "method not allowed" });
    readBody(req)
      .then((text) => {
        const parsed = MessageSchema.safeParse(JSON.parse(text));
        if (!parsed.success) return send(res, 400, { error: "not a message" });
        messages.push({ ...parsed.data, receivedAt: new Date().toISOString() });
        if (messages.length > KEEP) messages.splice(0, messages.length - KEEP);
        if (!options.silent)
          console.log(
            `\n--- e-mail to ${parsed.data.to}: ${parsed.data.subject}\n${parsed.data.text}\n---\n`,
          );
        send(res, 202, { accepted: true });
      })
      .catch(() => send(res, 400, { error: "unreadable body" }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
