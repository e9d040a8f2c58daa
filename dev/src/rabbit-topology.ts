import { declareTopology, DEFAULT_QUEUE_NAMES, type QueueNames } from "@coursecast/shared";
import { connect } from "amqplib";

/** Declares the transcode queue before the edge can publish, exactly as the worker does. */
export async function ensureQueueTopology(
  amqpUrl: string,
  names: QueueNames = DEFAULT_QUEUE_NAMES,
): Promise<void> {
  const connection = await connect(amqpUrl);
  try {
    await declareTopology(await connection.createChannel(), names);
  } finally {
    await connection.close();
  }
}

/** Removes a temporary stack's queues and exchanges when it stops. */
export async function removeQueueTopology(amqpUrl: string, names: QueueNames): Promise<void> {
  const connection = await connect(amqpUrl);
  try {
    const channel = await connection.createChannel();
    for (const queue of [names.queue, names.deadQueue]) await channel.deleteQueue(queue);
    for (const exchange of [names.exchange, names.deadLetterExchange])
      await channel.deleteExchange(exchange);
  } finally {
    await connection.close();
  }
}
