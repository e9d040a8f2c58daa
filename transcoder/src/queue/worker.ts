import type { WorkerConfig } from "../config.ts";
import { createLogger } from "../log.ts";
import { createS3 } from "../storage.ts";
import { WebhookClient } from "../webhook-client.ts";
import { JobLoop } from "./job-loop.ts";
import type { QueueNames } from "@coursecast/shared";

export interface TranscoderWorker {
  /** Resolves once consuming; rejects if the first connection fails. */
  ready: Promise<void>;
  /** Stops taking work, hands in-flight jobs back (nack + requeue) and closes, within ~8 s. */
  stop(): Promise<void>;
}

export function queueNames(config: WorkerConfig): QueueNames {
  return {
    exchange: config.QUEUE_EXCHANGE,
    queue: config.QUEUE_NAME,
    routingKey: config.QUEUE_ROUTING_KEY,
    deadLetterExchange: config.QUEUE_DLX,
    deadQueue: config.QUEUE_DEAD,
  };
}

/** Wires the job loop (`job-loop.ts`) to this config's S3, webhooks and queue names, and starts it. */
export function startTranscoderWorker(config: WorkerConfig): TranscoderWorker {
  const logger = createLogger({ queue: config.QUEUE_NAME });
  const loop = new JobLoop({
    config,
    names: queueNames(config),
    logger,
    s3: createS3(config),
    webhooks: new WebhookClient({
      secret: config.WEBHOOK_SECRET,
      retryForMs: config.WEBHOOK_RETRY_MS,
      logger,
    }),
  });
  return { ready: loop.start(), stop: () => loop.stop() };
}
