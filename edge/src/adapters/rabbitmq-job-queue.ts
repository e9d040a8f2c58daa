import { TranscodeJobSchema, type TranscodeJob } from "@coursecast/shared";
import { DependencyError } from "../errors.ts";
import type { JobQueue } from "../ports/job-queue.ts";
import type { RabbitHttpClient } from "./rabbitmq-http-client.ts";

/**
 * Publishes through RabbitMQ's HTTP API (the broker route a Worker has):
 * persistent, `message_id` = jobId. Not routed, non-2xx or a timeout is a failure.
 */
export class RabbitJobQueue implements JobQueue {
  private readonly rabbit: RabbitHttpClient;
  private readonly exchange: string;
  private readonly routingKey: string;

  constructor(rabbit: RabbitHttpClient, exchange: string, routingKey: string) {
    this.rabbit = rabbit;
    this.exchange = exchange;
    this.routingKey = routingKey;
  }

  ping(): Promise<void> {
    return this.rabbit.ping();
  }

  async publish(job: TranscodeJob): Promise<void> {
    const payload = JSON.stringify(TranscodeJobSchema.parse(job));
    const response = await this.rabbit.request(
      `exchanges/${this.rabbit.encodedVhost()}/${encodeURIComponent(this.exchange)}/publish`,
      {
        method: "POST",
        body: JSON.stringify({
          properties: { delivery_mode: 2, message_id: job.jobId, content_type: "application/json" },
          routing_key: this.routingKey,
          payload,
          payload_encoding: "string",
        }),
      },
    );
    if (!response.ok) throw new DependencyError("rabbitmq", `publish answered ${response.status}`);
    const body = (await response.json()) as { routed?: boolean };
    if (body.routed !== true)
      throw new DependencyError("rabbitmq", "job was not routed to any queue");
  }
}
