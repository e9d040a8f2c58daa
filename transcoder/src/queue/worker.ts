import { connect, type Channel, type ChannelModel, type ConsumeMessage } from "amqplib";

import type { WorkerConfig } from "../config.ts";
import { JobCancelledError, VideoGoneError } from "../errors.ts";
import { createLogger } from "../log.ts";
import { removeAbandonedJobDirs } from "../pipeline/job-dirs.ts";
import { failedEvent, processJob } from "../pipeline/process-job.ts";
import { createS3 } from "../storage.ts";
import { refusalOf } from "./job-guard.ts";
import { WebhookClient } from "../webhook-client.ts";
import {
  declareTopology,
  QUEUE,
  TranscodeJobSchema,
  type QueueNames,
  type TranscodeJob,
} from "@coursecast/shared";

const STOP_GRACE_MS = 8000;

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

function parseJob(message: ConsumeMessage): TranscodeJob | null {
  try {
    return TranscodeJobSchema.parse(JSON.parse(message.content.toString("utf8")));
  } catch {
    return null;
  }
}

/** A job this worker may run: well-formed and within the edge's URL and the video's keys. */
function acceptedJob(
  message: ConsumeMessage,
  config: WorkerConfig,
  logger: ReturnType<typeof createLogger>,
): TranscodeJob | null {
  const job = parseJob(message);
  const refusal = job ? refusalOf(job, config.EDGE_URL) : "not a transcode job";
  if (refusal === null) return job;
  logger.error("Dropping a message this worker must not run", {
    messageId: message.properties.messageId,
    refusal,
  });
  return null;
}

/**
 * Consumes transcode jobs with prefetch = concurrency and manual acks (only
 * after the final webhook is accepted), reconnects with backoff when the
 * broker goes away, and reports dead-lettered jobs as `retries_exhausted`.
 */
export function startTranscoderWorker(config: WorkerConfig): TranscoderWorker {
  const logger = createLogger({ queue: config.QUEUE_NAME });
  const s3 = createS3(config);
  const webhooks = new WebhookClient({
    secret: config.WEBHOOK_SECRET,
    retryForMs: config.WEBHOOK_RETRY_MS,
    logger,
  });
  const names = queueNames(config);
  const active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let connection: ChannelModel | null = null;
  let stopping = false;
  let firstConnect: { resolve: () => void; reject: (err: unknown) => void } | null = null;
  const ready = new Promise<void>((resolve, reject) => (firstConnect = { resolve, reject }));

  const settle = (channel: Channel, message: ConsumeMessage, action: "ack" | "requeue") => {
    try {
      if (action === "ack") channel.ack(message);
      else channel.nack(message, false, true);
    } catch (err) {
      // The channel died meanwhile: the broker redelivers the message by itself.
      logger.error("Cannot settle message", { err, action });
    }
  };

  const handleJob = async (channel: Channel, message: ConsumeMessage) => {
    const job = acceptedJob(message, config, logger);
    if (!job) return settle(channel, message, "ack");
    const log = logger.child({
      jobId: job.jobId,
      videoId: job.videoId,
      redelivered: message.fields.redelivered,
    });
    const controller = new AbortController();
    let finish = () => undefined as void;
    active.set(job.jobId, { controller, done: new Promise<void>((resolve) => (finish = resolve)) });
    log.info("job started");
    // Long jobs: before the broker's consumer timeout would close the channel (and
    // redeliver a job that is fine), the message is acked and the job held as a lease.
    // From then on this worker republishes the job itself if it must give it up, and
    // the edge's sweeper republishes a video whose progress heartbeat stops.
    let leased = false;
    const leaseTimer = setTimeout(() => {
      leased = true;
      settle(channel, message, "ack");
      log.info("lease taken: message acked early", { afterMs: config.CONSUMER_TIMEOUT_MS / 2 });
    }, config.CONSUMER_TIMEOUT_MS / 2);
    const giveBack = async (reason: string) => {
      if (!leased) return settle(channel, message, "requeue");
      const retries = Number(message.properties.headers?.["x-lease-retries"] ?? 0) + 1;
      if (retries > QUEUE.deliveryLimit) {
        await webhooks
          .deliver(job.webhookUrl, failedEvent(job, "retries_exhausted", reason))
          .catch(() => undefined);
        return;
      }
      channel.publish(names.exchange, names.routingKey, message.content, {
        persistent: true,
        messageId: job.jobId,
        contentType: "application/json",
        headers: { "x-lease-retries": retries },
      });
    };
    try {
      const outcome = await processJob(job, {
        config,
        s3,
        webhooks,
        logger: log,
        signal: controller.signal,
      });
      log.info("job finished", { outcome });
      if (!leased) settle(channel, message, "ack");
    } catch (err) {
      if (err instanceof VideoGoneError) {
        log.info("video deleted meanwhile; dropping the job");
        if (!leased) settle(channel, message, "ack");
      } else if (err instanceof JobCancelledError || controller.signal.aborted) {
        log.info("job handed back to the queue", { leased });
        await giveBack("cancelled");
      } else {
        log.error("job failed; it will be delivered again", { err, leased });
        await giveBack(err instanceof Error ? err.message : String(err));
      }
    } finally {
      clearTimeout(leaseTimer);
      active.delete(job.jobId);
      finish();
    }
  };

  const handleDead = async (channel: Channel, message: ConsumeMessage) => {
    const job = acceptedJob(message, config, logger);
    if (job) {
      const event = failedEvent(
        job,
        "retries_exhausted",
        "The job failed on every delivery attempt",
      );
      await webhooks.deliver(job.webhookUrl, event).catch((err: unknown) => {
        if (!(err instanceof VideoGoneError))
          logger.error("Cannot report a dead-lettered job", { err, jobId: job.jobId });
      });
    }
    settle(channel, message, "ack");
  };

  const connectOnce = async () => {
    connection = await connect(
      config.AMQP_URL.includes("heartbeat=")
        ? config.AMQP_URL
        : `${config.AMQP_URL}${config.AMQP_URL.includes("?") ? "&" : "?"}heartbeat=15`,
    );
    const channel = await connection.createChannel();
    // The broker can close a channel on its own (a consumer timeout, a protocol error):
    // consuming would silently stop, so start over with a fresh connection.
    channel.on("close", () => {
      if (!stopping) void connection?.close().catch(() => undefined);
    });
    await declareTopology(channel, names);
    await channel.prefetch(config.CONCURRENCY);
    await channel.consume(names.queue, (m) => m && void handleJob(channel, m), { noAck: false });
    const deadChannel = await connection.createChannel();
    await deadChannel.prefetch(1);
    await deadChannel.consume(names.deadQueue, (m) => m && void handleDead(deadChannel, m), {
      noAck: false,
    });
    connection.on("error", (err: unknown) => logger.error("AMQP connection error", { err }));
    connection.on("close", () => {
      connection = null;
      if (!stopping) void reconnect();
    });
    logger.info("consuming", { concurrency: config.CONCURRENCY });
  };

  const reconnect = async () => {
    for (let attempt = 0; !stopping; attempt++) {
      const delay = Math.min(30_000, 500 * 2 ** attempt);
      await new Promise((r) => setTimeout(r, delay));
      if (stopping) return;
      try {
        await connectOnce();
        return;
      } catch (err) {
        logger.error("AMQP reconnect failed", { err, attempt, nextDelayMs: delay });
      }
    }
  };

  removeAbandonedJobDirs(config.TMP_DIR)
    .then((removed) => {
      if (removed.length) logger.info("removed temp folders of killed workers", { removed });
    })
    .then(connectOnce)
    .then(
      () => firstConnect?.resolve(),
      (err: unknown) => firstConnect?.reject(err),
    );

  return {
    ready,
    async stop() {
      stopping = true;
      for (const job of active.values()) job.controller.abort(new JobCancelledError());
      await Promise.race([
        Promise.all([...active.values()].map((j) => j.done)),
        new Promise((r) => setTimeout(r, STOP_GRACE_MS)),
      ]);
      await connection?.close().catch(() => undefined);
      logger.info("stopped");
    },
  };
}
