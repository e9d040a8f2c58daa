import { QUEUE } from "./constants.ts";

export interface QueueNames {
  exchange: string;
  queue: string;
  routingKey: string;
  deadLetterExchange: string;
  deadQueue: string;
}

export const DEFAULT_QUEUE_NAMES: QueueNames = {
  exchange: QUEUE.exchange,
  queue: QUEUE.transcode,
  routingKey: QUEUE.routingKey,
  deadLetterExchange: QUEUE.deadLetterExchange,
  deadQueue: QUEUE.dead,
};

/** The slice of an AMQP channel (amqplib's) that declaring needs; keeps this package driver-free. */
export interface TopologyChannel {
  assertExchange(name: string, type: string, options: { durable: boolean }): Promise<unknown>;
  assertQueue(
    name: string,
    options: { durable: boolean; arguments: Record<string, unknown> },
  ): Promise<unknown>;
  bindQueue(queue: string, exchange: string, pattern: string): Promise<unknown>;
}

/**
 * A durable quorum queue with a delivery limit whose rejects dead-letter to
 * `transcode.dead`. Declared by the worker on start and by `npm run dev`;
 * idempotent. The edge publishes through the HTTP API and declares nothing.
 */
export async function declareTopology(
  channel: TopologyChannel,
  names: QueueNames = DEFAULT_QUEUE_NAMES,
): Promise<void> {
  await channel.assertExchange(names.exchange, "direct", { durable: true });
  await channel.assertExchange(names.deadLetterExchange, "direct", { durable: true });
  await channel.assertQueue(names.deadQueue, {
    durable: true,
    arguments: { "x-queue-type": "quorum" },
  });
  await channel.bindQueue(names.deadQueue, names.deadLetterExchange, names.routingKey);
  await channel.assertQueue(names.queue, {
    durable: true,
    arguments: {
      "x-queue-type": "quorum",
      "x-delivery-limit": QUEUE.deliveryLimit,
      "x-dead-letter-exchange": names.deadLetterExchange,
      "x-dead-letter-routing-key": names.routingKey,
    },
  });
  await channel.bindQueue(names.queue, names.exchange, names.routingKey);
}
