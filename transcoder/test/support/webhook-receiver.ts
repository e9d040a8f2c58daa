import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhook, type WebhookEvent } from "@coursecast/shared";

export interface Received {
  event: WebhookEvent;
  status: number;
}

/** A stand-in for the edge's webhook endpoint: verifies signatures and answers as told. */
export async function startWebhookReceiver(secret: string) {
  const received: Received[] = [];
  let answer: (event: WebhookEvent) => number = () => 200;
  // Runs before the answer is sent (the sender waits): to look at storage as it is then.
  let inspect: (event: WebhookEvent) => Promise<void> = async () => undefined;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const verdict = await verifyWebhook(
      secret,
      raw,
      req.headers["webhook-signature"] as string | undefined,
    );
    if (!verdict.ok) {
      res.writeHead(401).end();
      return;
    }
    const event = JSON.parse(raw) as WebhookEvent;
    await inspect(event).catch(() => undefined);
    const status = answer(event);
    received.push({ event, status });
    res.writeHead(status, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/transcoder`;
  return {
    url,
    received,
    answerWith(fn: (event: WebhookEvent) => number) {
      answer = fn;
    },
    inspectWith(fn: (event: WebhookEvent) => Promise<void>) {
      inspect = fn;
    },
    accepted(videoId: string, type?: WebhookEvent["type"]) {
      return received
        .filter(
          (r) => r.event.videoId === videoId && (!type || r.event.type === type) && r.status < 300,
        )
        .map((r) => r.event);
    },
    async waitFor(predicate: () => boolean, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline)
          throw new Error(
            `timed out; received ${JSON.stringify(received.map((r) => [r.event.type, r.status]))}`,
          );
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
