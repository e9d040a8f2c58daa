import { DEFAULT_QUEUE_NAMES, type QueueNames } from "@coursecast/shared";

/** A short id for one test run, so its queues, buckets and keys are its own on shared services. */
export function newRunId(): string {
  return crypto.randomUUID().slice(0, 8);
}

/**
 * A run's private exchanges and queues on the shared RabbitMQ (`coursecast.test.<runId>`,
 * `transcode.test.<runId>`…), so counting messages is exact and runs never take each
 * other's jobs. `kind` tells apart suites that must not share them.
 */
export function runQueueNames(runId: string, kind = "test"): QueueNames {
  return {
    exchange: `coursecast.${kind}.${runId}`,
    queue: `transcode.${kind}.${runId}`,
    routingKey: DEFAULT_QUEUE_NAMES.routingKey,
    deadLetterExchange: `coursecast.dlx.${kind}.${runId}`,
    deadQueue: `transcode.dead.${kind}.${runId}`,
  };
}
