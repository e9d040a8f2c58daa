import { connect, type Channel, type ChannelModel, type ConsumeMessage } from "amqplib";
import type { S3Client } from "@aws-sdk/client-s3";

import type { WorkerConfig } from "../config.ts";
import { JobCancelledError, VideoGoneError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { removeAbandonedJobDirs } from "../pipeline/job-dirs.ts";
import { failedEvent, processJob } from "../pipeline/process-job.ts";
import type { WebhookClient } from "../webhook-client.ts";
import { supportsPerQueueConsumerTimeout } from "./broker-version.ts";
import { refusalOf } from "./job-guard.ts";
import {
  declareTopology,
  QUEUE,
  TranscodeJobSchema,
  type QueueNames,
  type TranscodeJob,
} from "@coursecast/shared";

/** SIGTERM gives ~10 s before a spot VM goes: in-flight jobs get this long to hand back. */
export const STOP_GRACE_MS = 8000;

export type Settlement = "ack" | "requeue";

export interface JobLoopDeps {
  config: WorkerConfig;
  names: QueueNames;
  logger: Logger;
  s3: S3Client;
  webhooks: WebhookClient;
  /** The job itself; resolves once its final webhook is accepted. */
  runJob?: typeof processJob;
}

/** Set once a running job's message has been acked before the job ended. */
interface Lease {
  readonly taken: boolean;
  release(): void;
}

/** Reads a delivery as a transcode job, or null when it is not one. */
export function parseJob(message: ConsumeMessage): TranscodeJob | null {
  try {
    return TranscodeJobSchema.parse(JSON.parse(message.content.toString("utf8")));
  } catch {
    return null;
  }
}

function withHeartbeat(url: string): string {
  if (url.includes("heartbeat=")) return url;
  return `${url}${url.includes("?") ? "&" : "?"}heartbeat=15`;
}

/**
 * The consume loop: prefetch = concurrency, manual acks only after the job's result
 * is reported, an early-ack lease for jobs longer than the broker's consumer timeout,
 * reconnect with backoff, and a drain that hands in-flight jobs back on SIGTERM.
 * Dead-lettered jobs are reported as `retries_exhausted`.
 */
export class JobLoop {
  private readonly deps: JobLoopDeps;
  private readonly runJobFn: typeof processJob;
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private connection: ChannelModel | null = null;
  private stopping = false;

  constructor(deps: JobLoopDeps) {
    this.deps = deps;
    this.runJobFn = deps.runJob ?? processJob;
  }

  /** Removes temp folders of killed workers, then consumes; rejects if the first connect fails. */
  async start(): Promise<void> {
    const removed = await removeAbandonedJobDirs(this.deps.config.TMP_DIR);
    if (removed.length)
      this.deps.logger.info("removed temp folders of killed workers", { removed });
    await this.connect();
  }

  /** Opens a connection, declares the topology and consumes the job and dead-letter queues. */
  async connect(): Promise<void> {
    const { config, names, logger } = this.deps;
    const connection = await connect(withHeartbeat(config.AMQP_URL));
    this.connection = connection;
    const channel = await connection.createChannel();
    // The broker can close a channel on its own (a consumer timeout, a protocol error):
    // consuming would silently stop, so start over with a fresh connection.
    channel.on("close", () => {
      if (!this.stopping) void this.connection?.close().catch(() => undefined);
    });
    await declareTopology(channel, names);
    await channel.prefetch(config.CONCURRENCY);
    await channel.consume(names.queue, (m) => m && void this.handleDelivery(channel, m), {
      noAck: false,
    });
    const deadChannel = await connection.createChannel();
    await deadChannel.prefetch(1);
    await deadChannel.consume(
      names.deadQueue,
      (m) => m && void this.handleDeadLetter(deadChannel, m),
      { noAck: false },
    );
    connection.on("error", (err: unknown) => logger.error("AMQP connection error", { err }));
    connection.on("close", () => this.onBrokerClose());
    const broker = connection.connection.serverProperties.version;
    logger.info("consuming", {
      concurrency: config.CONCURRENCY,
      broker,
      // See broker-version.ts: the lease stays until the queue is migrated to the per-queue timeout.
      consumerTimeout: "lease",
      perQueueConsumerTimeoutAvailable: supportsPerQueueConsumerTimeout(broker),
    });
  }

  /** The connection went away: reconnect unless stopping. */
  onBrokerClose(): void {
    this.connection = null;
    if (!this.stopping) void this.reconnect();
  }

  /** Retries connecting with exponential backoff (0.5 s … 30 s) until it works or the loop stops. */
  async reconnect(): Promise<void> {
    for (let attempt = 0; !this.stopping; attempt++) {
      const delay = Math.min(30_000, 500 * 2 ** attempt);
      await new Promise((r) => setTimeout(r, delay));
      if (this.stopping) return;
      try {
        await this.connect();
        return;
      } catch (err) {
        this.deps.logger.error("AMQP reconnect failed", { err, attempt, nextDelayMs: delay });
      }
    }
  }

  /** A job this worker may run: well-formed and within the edge's URL and the video's keys. */
  acceptedJob(message: ConsumeMessage): TranscodeJob | null {
    const job = parseJob(message);
    const refusal = job ? refusalOf(job, this.deps.config.EDGE_URL) : "not a transcode job";
    if (refusal === null) return job;
    this.deps.logger.error("Dropping a message this worker must not run", {
      messageId: message.properties.messageId,
      refusal,
    });
    return null;
  }

  /** One delivery from the job queue: refused ones are acked (dropped), others run. */
  async handleDelivery(channel: Channel, message: ConsumeMessage): Promise<void> {
    const job = this.acceptedJob(message);
    if (!job) return this.settle(channel, message, "ack");
    await this.runJob(channel, message, job);
  }

  /** Runs one job and settles its message by how it ended. */
  async runJob(channel: Channel, message: ConsumeMessage, job: TranscodeJob): Promise<void> {
    const { config, s3, webhooks } = this.deps;
    const log = this.deps.logger.child({
      jobId: job.jobId,
      videoId: job.videoId,
      redelivered: message.fields.redelivered,
    });
    const controller = new AbortController();
    let finish = () => undefined as void;
    this.active.set(job.jobId, {
      controller,
      done: new Promise<void>((resolve) => (finish = resolve)),
    });
    log.info("job started");
    const lease = this.startLease(channel, message, log);
    try {
      const outcome = await this.runJobFn(job, {
        config,
        s3,
        webhooks,
        logger: log,
        signal: controller.signal,
      });
      log.info("job finished", { outcome });
      if (!lease.taken) this.settle(channel, message, "ack");
    } catch (err) {
      if (err instanceof VideoGoneError) {
        log.info("video deleted meanwhile; dropping the job");
        if (!lease.taken) this.settle(channel, message, "ack");
      } else if (err instanceof JobCancelledError || controller.signal.aborted) {
        log.info("job handed back to the queue", { leased: lease.taken });
        await this.giveBack(channel, message, job, lease, "cancelled");
      } else {
        log.error("job failed; it will be delivered again", { err, leased: lease.taken });
        await this.giveBack(
          channel,
          message,
          job,
          lease,
          err instanceof Error ? err.message : String(err),
        );
      }
    } finally {
      lease.release();
      this.active.delete(job.jobId);
      finish();
    }
  }

  /**
   * Long jobs: before the broker's consumer timeout would close the channel (and
   * redeliver a job that is fine), the message is acked and the job held as a lease.
   * From then on this worker republishes the job itself if it must give it up, and
   * the edge's sweeper republishes a video whose progress heartbeat stops.
   */
  startLease(channel: Channel, message: ConsumeMessage, log: Logger): Lease {
    const afterMs = this.deps.config.CONSUMER_TIMEOUT_MS / 2;
    let taken = false;
    const timer = setTimeout(() => {
      taken = true;
      this.settle(channel, message, "ack");
      log.info("lease taken: message acked early", { afterMs });
    }, afterMs);
    return {
      get taken() {
        return taken;
      },
      release: () => clearTimeout(timer),
    };
  }

  /**
   * Hands a job back: a requeue while the broker still holds the message; under a lease,
   * a republish counted in `x-lease-retries`, and `retries_exhausted` past the limit.
   */
  async giveBack(
    channel: Channel,
    message: ConsumeMessage,
    job: TranscodeJob,
    lease: Lease,
    reason: string,
  ): Promise<void> {
    if (!lease.taken) return this.settle(channel, message, "requeue");
    const retries = Number(message.properties.headers?.["x-lease-retries"] ?? 0) + 1;
    if (retries > QUEUE.deliveryLimit) {
      await this.deps.webhooks
        .deliver(job.webhookUrl, failedEvent(job, "retries_exhausted", reason))
        .catch(() => undefined);
      return;
    }
    channel.publish(this.deps.names.exchange, this.deps.names.routingKey, message.content, {
      persistent: true,
      messageId: job.jobId,
      contentType: "application/json",
      headers: { "x-lease-retries": retries },
    });
  }

  /** One delivery from the dead-letter queue: reported as `retries_exhausted`, then acked. */
  async handleDeadLetter(channel: Channel, message: ConsumeMessage): Promise<void> {
    const job = this.acceptedJob(message);
    if (job) {
      const event = failedEvent(
        job,
        "retries_exhausted",
        "The job failed on every delivery attempt",
      );
      await this.deps.webhooks.deliver(job.webhookUrl, event).catch((err: unknown) => {
        if (!(err instanceof VideoGoneError))
          this.deps.logger.error("Cannot report a dead-lettered job", { err, jobId: job.jobId });
      });
    }
    this.settle(channel, message, "ack");
  }

  settle(channel: Channel, message: ConsumeMessage, action: Settlement): void {
    try {
      if (action === "ack") channel.ack(message);
      else channel.nack(message, false, true);
    } catch (err) {
      // The channel died meanwhile: the broker redelivers the message by itself.
      this.deps.logger.error("Cannot settle message", { err, action });
    }
  }

  /** Stops taking work, hands in-flight jobs back (nack + requeue) and closes, within ~8 s. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const job of this.active.values()) job.controller.abort(new JobCancelledError());
    await Promise.race([
      Promise.all([...this.active.values()].map((j) => j.done)),
      new Promise((r) => setTimeout(r, STOP_GRACE_MS)),
    ]);
    await this.connection?.close().catch(() => undefined);
    this.deps.logger.info("stopped");
  }
}
