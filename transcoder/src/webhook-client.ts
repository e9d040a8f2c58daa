import { signWebhook, type WebhookEvent } from "@coursecast/shared";
import { VideoGoneError } from "./errors.ts";
import type { Logger } from "./log.ts";

export interface WebhookClientOptions {
  secret: string;
  /** How long a final event (ready/failed) is retried before giving up. */
  retryForMs: number;
  logger: Logger;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

async function post(
  url: string,
  secret: string,
  event: WebhookEvent,
  timeoutMs: number,
): Promise<number> {
  const body = JSON.stringify(event);
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-signature": await signWebhook(secret, body),
    },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return response.status;
}

/** Sends signed events; final ones are retried with backoff, without redoing the transcode. */
export class WebhookClient {
  private readonly options: WebhookClientOptions;

  constructor(options: WebhookClientOptions) {
    this.options = options;
  }

  /** Progress doubles as a heartbeat: best effort, one try, never blocks the encode. */
  async progress(url: string, event: WebhookEvent): Promise<void> {
    try {
      const status = await post(url, this.options.secret, event, 5000);
      if (status === 410) throw new VideoGoneError(event.videoId);
    } catch (err) {
      if (err instanceof VideoGoneError) throw err;
      this.options.logger.error("Cannot send progress", { err, videoId: event.videoId });
    }
  }

  /** Resolves once the edge accepted the event (2xx); throws VideoGoneError on 410. */
  async deliver(url: string, event: WebhookEvent, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + this.options.retryForMs;
    for (let attempt = 0; ; attempt++) {
      let outcome: string;
      try {
        const status = await post(url, this.options.secret, event, 10_000);
        if (status >= 200 && status < 300) return;
        if (status === 410) throw new VideoGoneError(event.videoId);
        outcome = `HTTP ${status}`;
      } catch (err) {
        if (err instanceof VideoGoneError) throw err;
        outcome = err instanceof Error ? err.message : String(err);
      }
      if (Date.now() > deadline || signal?.aborted)
        throw new Error(`webhook ${event.type} not delivered: ${outcome}`);
      const delay = Math.min(30_000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
      this.options.logger.error("Webhook delivery failed, retrying", {
        outcome,
        attempt,
        delayMs: Math.round(delay),
        videoId: event.videoId,
      });
      await sleep(delay, signal);
    }
  }
}
