import { createHash } from "node:crypto";
import { DEFAULT_QUEUE_NAMES, type QueueNames } from "@coursecast/shared";

export interface DevNamespace {
  /** True for any data folder but the default `.data` (tests, second stacks). */
  temporary: boolean;
  redisKeyPrefix: string;
  queues: QueueNames;
}

/**
 * The shared Redis and RabbitMQ are namespaced per data folder: the default `.data`
 * uses the documented names, any other folder (a test run, a second stack) gets its
 * own keys and queues, so two stacks never take each other's jobs or rate limits.
 */
export function devNamespace(dataDir: string, defaultDataDir: string): DevNamespace {
  const hash = createHash("sha1").update(dataDir).digest("hex").slice(0, 8);
  if (dataDir.replace(/\/$/, "") === defaultDataDir.replace(/\/$/, "")) {
    return { temporary: false, redisKeyPrefix: "dev:", queues: DEFAULT_QUEUE_NAMES };
  }
  const suffix = `.${hash}`;
  return {
    temporary: true,
    redisKeyPrefix: `dev-${hash}:`,
    queues: {
      exchange: DEFAULT_QUEUE_NAMES.exchange + suffix,
      queue: DEFAULT_QUEUE_NAMES.queue + suffix,
      routingKey: DEFAULT_QUEUE_NAMES.routingKey,
      deadLetterExchange: DEFAULT_QUEUE_NAMES.deadLetterExchange + suffix,
      deadQueue: DEFAULT_QUEUE_NAMES.deadQueue + suffix,
    },
  };
}

/** The transcoder's environment for a set of queue names (its routing key stays the default). */
export function transcoderQueueEnv(queues: QueueNames): Record<string, string> {
  return {
    QUEUE_EXCHANGE: queues.exchange,
    QUEUE_NAME: queues.queue,
    QUEUE_DLX: queues.deadLetterExchange,
    QUEUE_DEAD: queues.deadQueue,
  };
}
