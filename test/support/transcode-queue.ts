import { localStackDefaults } from "@coursecast/dev";
import type { TranscodeJob } from "@coursecast/shared";
import { connect, type Channel, type MessageProperties } from "amqplib";

export interface QueuedJob {
  properties: MessageProperties;
  job: TranscodeJob;
}

async function withChannel<T>(use: (channel: Channel) => Promise<T>): Promise<T> {
  const connection = await connect(localStackDefaults().rabbitmq.amqpUrl);
  try {
    return await use(await connection.createChannel());
  } finally {
    await connection.close();
  }
}

/** Messages waiting on a queue of the local RabbitMQ. */
export function queueDepth(queue: string): Promise<number> {
  return withChannel(async (channel) => (await channel.checkQueue(queue)).messageCount);
}

/** Takes (and acks) every job waiting on a queue, in order. */
export function takeAllJobs(queue: string): Promise<QueuedJob[]> {
  return withChannel(async (channel) => {
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
