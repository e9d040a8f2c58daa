import type { QueueNames, TranscodeJob } from "@coursecast/shared";
import { connect, type Channel, type ChannelModel, type MessageProperties } from "amqplib";
import { localStackDefaults } from "../stack-config.ts";

export interface QueuedJob {
  properties: MessageProperties;
  job: TranscodeJob;
}

/** An open connection, or the URL of one to open (the local RabbitMQ unless given). */
export type Broker = ChannelModel | string;

async function withChannel<T>(broker: Broker | undefined, use: (channel: Channel) => Promise<T>) {
  const owned = typeof broker === "object" ? undefined : await connect(broker ?? localAmqpUrl());
  const connection = owned ?? (broker as ChannelModel);
  const channel = await connection.createChannel();
  try {
    return await use(channel);
  } finally {
    if (owned) await owned.close();
    else await channel.close();
  }
}

function localAmqpUrl(): string {
  return localStackDefaults().rabbitmq.amqpUrl;
}

/** Messages waiting on a queue. */
export function queueDepth(queue: string, broker?: Broker): Promise<number> {
  return withChannel(broker, async (channel) => (await channel.checkQueue(queue)).messageCount);
}

/** Takes (and acks) every job waiting on a queue, in order. */
export function takeAllJobs(queue: string, broker?: Broker): Promise<QueuedJob[]> {
  return withChannel(broker, async (channel) => {
    const jobs: QueuedJob[] = [];
    for (let m = await channel.get(queue); m; m = await channel.get(queue)) {
      jobs.push({
        properties: m.properties,
        job: JSON.parse(m.content.toString()) as TranscodeJob,
      });
      channel.ack(m);
    }
    return jobs;
  });
}

/** Deletes a run's queues and exchanges (see `runQueueNames`). */
export function deleteRunQueues(names: QueueNames, broker?: Broker): Promise<void> {
  return withChannel(broker, async (channel) => {
    for (const queue of [names.queue, names.deadQueue]) await channel.deleteQueue(queue);
    for (const exchange of [names.exchange, names.deadLetterExchange])
      await channel.deleteExchange(exchange);
  });
}
