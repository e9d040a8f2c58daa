import type { ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import { startS3Server, transcoderQueueEnv, type S3Server } from "@coursecast/dev";
import { deleteRunQueues, standInS3Client } from "@coursecast/dev/test-support";
import type { QueueNames } from "@coursecast/shared";
import { connect, type ChannelModel } from "amqplib";
import { loadWorkerConfig, type WorkerConfig } from "../../src/config.ts";
import type { TranscoderWorker } from "../../src/queue/worker.ts";
import { startWebhookReceiver } from "./webhook-receiver.ts";

const AMQP_URL = "amqp://guest:guest@127.0.0.1:5672";

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

export interface StorageBedOptions {
  /** Prefix of the temp folder, to tell runs apart when one is left behind. */
  name: string;
  bucket: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** The webhook secret the receiver verifies with. */
  secret: string;
}

/** What every transcoder test talks to: a temp folder, the S3 stand-in, a webhook receiver. */
export interface StorageBed {
  dir: string;
  s3Server: S3Server;
  s3: S3Client;
  hooks: WebhookReceiver;
  /** Worker settings for this storage and receiver (no queues, no temp folder). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startStorageBed(options: StorageBedOptions): Promise<StorageBed> {
  const { bucket, credentials, secret } = options;
  const dir = await mkdtemp(join(tmpdir(), `${options.name}-`));
  const s3Server = await startS3Server({
    port: 0,
    directory: join(dir, "s3"),
    ...credentials,
    buckets: [bucket],
    silent: true,
  });
  const s3 = standInS3Client({ endpoint: s3Server.url, credentials });
  const hooks = await startWebhookReceiver(secret);
  return {
    dir,
    s3Server,
    s3,
    hooks,
    env: {
      S3_ENDPOINT: s3Server.url,
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      WEBHOOK_SECRET: secret,
      EDGE_URL: new URL(hooks.url).origin,
      FFMPEG_PRESET: "ultrafast",
    },
    async close() {
      await hooks.close();
      await s3Server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface WorkerBedOptions extends StorageBedOptions {
  /** This run's own exchange and queues (`runQueueNames`), deleted on close. */
  queues: QueueNames;
  /** Worker settings added to the bed's, or replacing them (retry windows, timeouts). */
  env?: Record<string, string>;
}

/** The storage bed, real RabbitMQ, and the worker settings that point at both. */
export interface WorkerBed extends StorageBed {
  amqp: ChannelModel;
  config: WorkerConfig;
  /** In-process workers and worker processes the test started: stopped and killed on close. */
  workers: TranscoderWorker[];
  children: ChildProcess[];
}

export async function startWorkerBed(options: WorkerBedOptions): Promise<WorkerBed> {
  const storage = await startStorageBed(options);
  const amqp = await connect(AMQP_URL);
  const env = {
    AMQP_URL,
    ...storage.env,
    TMP_DIR: join(storage.dir, "tmp"),
    ...transcoderQueueEnv(options.queues),
    // A refused webhook is retried for 20 s here, not the default 15 minutes.
    WEBHOOK_RETRY_MS: "20000",
    ...options.env,
  };
  await mkdir(env.TMP_DIR, { recursive: true });
  const workers: TranscoderWorker[] = [];
  const children: ChildProcess[] = [];
  return {
    ...storage,
    amqp,
    env,
    config: loadWorkerConfig(env),
    workers,
    children,
    async close() {
      for (const child of children) child.kill("SIGKILL");
      await Promise.all(workers.map((w) => w.stop()));
      await deleteRunQueues(options.queues, amqp);
      await amqp.close();
      await storage.close();
    },
  };
}
