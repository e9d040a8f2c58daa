import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_LADDER, QUEUE, type TranscodeJob } from "@coursecast/shared";
import { connect, type Channel, type ChannelModel, type ConsumeMessage } from "amqplib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadWorkerConfig } from "../src/config.ts";
import { JobCancelledError } from "../src/errors.ts";
import { createLogger } from "../src/log.ts";
import { JobLoop, type Settlement } from "../src/queue/job-loop.ts";
import { queueNames } from "../src/queue/worker.ts";
import { createS3 } from "../src/storage.ts";
import { WebhookClient } from "../src/webhook-client.ts";
import { startWebhookReceiver } from "./support/webhook-receiver.ts";

// The job loop against the real RabbitMQ (private exchange and queues per test) and a real
// webhook endpoint; only the transcode itself is replaced by a job the test steers.
const runId = crypto.randomUUID().slice(0, 8);
const secret = `whsec_${runId}_job_loop_tests`;
let dir: string;
let amqp: ChannelModel;
let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
const cleanups: (() => Promise<void>)[] = [];

type RunJob = NonNullable<ConstructorParameters<typeof JobLoop>[0]["runJob"]>;

/** Records how each message was settled and what each delivery carried. */
class RecordingLoop extends JobLoop {
  readonly settled: Settlement[] = [];
  readonly deliveries: { leaseRetries: unknown; redelivered: boolean }[] = [];

  override settle(channel: Channel, message: ConsumeMessage, action: Settlement): void {
    this.settled.push(action);
    super.settle(channel, message, action);
  }

  override async runJob(channel: Channel, message: ConsumeMessage, job: TranscodeJob) {
    this.deliveries.push({
      leaseRetries: message.properties.headers?.["x-lease-retries"],
      redelivered: message.fields.redelivered,
    });
    await super.runJob(channel, message, job);
  }
}

const until = async (predicate: () => boolean | Promise<boolean>, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
};

async function startLoop(runJob: RunJob, env: Record<string, string> = {}) {
  const id = `${runId}.${cleanups.length}`;
  const config = loadWorkerConfig({
    S3_ENDPOINT: "http://127.0.0.1:1",
    S3_ACCESS_KEY_ID: "unused",
    S3_SECRET_ACCESS_KEY: "unused",
    WEBHOOK_SECRET: secret,
    EDGE_URL: new URL(hooks.url).origin,
    TMP_DIR: dir,
    QUEUE_EXCHANGE: `coursecast.loop.${id}`,
    QUEUE_NAME: `transcode.loop.${id}`,
    QUEUE_DLX: `coursecast.dlx.loop.${id}`,
    QUEUE_DEAD: `transcode.dead.loop.${id}`,
    WEBHOOK_RETRY_MS: "5000",
    ...env,
  });
  const logger = createLogger({ test: "job-loop" });
  const names = queueNames(config);
  const loop = new RecordingLoop({
    config,
    names,
    logger,
    s3: createS3(config),
    webhooks: new WebhookClient({ secret, retryForMs: config.WEBHOOK_RETRY_MS, logger }),
    runJob,
  });
  cleanups.push(async () => {
    await loop.stop();
    const channel = await amqp.createChannel();
    for (const queue of [names.queue, names.deadQueue]) await channel.deleteQueue(queue);
    for (const exchange of [names.exchange, names.deadLetterExchange])
      await channel.deleteExchange(exchange);
    await channel.close();
  });
  await loop.start();

  const publish = async (videoId: string, headers: Record<string, unknown> = {}) => {
    const job: TranscodeJob = {
      jobId: `${videoId}.1`,
      videoId,
      attempt: 1,
      source: {
        bucket: "media",
        key: `uploads/${videoId}/source`,
        size: 1000,
        contentType: "video/mp4",
      },
      output: { bucket: "media", prefix: `videos/${videoId}/` },
      ladder: DEFAULT_LADDER.filter((r) => r.height <= 360),
      webhookUrl: hooks.url,
      requestedAt: new Date().toISOString(),
    };
    const channel = await amqp.createChannel();
    channel.publish(names.exchange, names.routingKey, Buffer.from(JSON.stringify(job)), {
      persistent: true,
      messageId: job.jobId,
      headers,
    });
    await channel.close();
    return job;
  };
  const depth = async () => {
    const channel = await amqp.createChannel();
    const { messageCount } = await channel.checkQueue(names.queue);
    await channel.close();
    return messageCount;
  };
  return { loop, names, publish, depth };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "job-loop-test-"));
  hooks = await startWebhookReceiver(secret);
  amqp = await connect("amqp://guest:guest@127.0.0.1:5672");
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

afterAll(async () => {
  await amqp.close();
  await hooks.close();
  await rm(dir, { recursive: true, force: true });
});

describe("JobLoop", () => {
  it("should ack a job only after its result is reported", async () => {
    const events: string[] = [];
    let report = () => undefined as void;
    const { loop, publish, depth } = await startLoop(async () => {
      await new Promise<void>((resolve) => (report = resolve));
      events.push("reported");
      return "ready";
    });
    await publish("v-ack");
    await until(() => loop.deliveries.length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(loop.settled).toEqual([]);
    report();
    await until(() => loop.settled.length === 1);
    expect([...events, ...loop.settled]).toEqual(["reported", "ack"]);
    expect(await depth()).toBe(0);
  });

  it("should run as many jobs at once as its concurrency, no more", async () => {
    let running = 0;
    let peak = 0;
    const { loop, publish } = await startLoop(
      async () => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, 400));
        running--;
        return "ready";
      },
      { CONCURRENCY: "2" },
    );
    for (const id of ["v-c1", "v-c2", "v-c3", "v-c4"]) await publish(id);
    await until(() => loop.settled.length === 4);
    expect(peak).toBe(2);
  });

  it("should drop a refused message without running it", async () => {
    let runs = 0;
    const { loop, names, depth } = await startLoop(async () => (runs++, "ready"));
    const channel = await amqp.createChannel();
    channel.publish(names.exchange, names.routingKey, Buffer.from("{}"));
    await channel.close();
    await until(() => loop.settled.length === 1);
    expect(loop.settled).toEqual(["ack"]);
    expect(runs).toBe(0);
    expect(await depth()).toBe(0);
  });

  it("should requeue a job that failed before the lease, and run it again", async () => {
    let runs = 0;
    const { loop, publish } = await startLoop(async () => {
      if (runs++ === 0) throw new Error("S3 went away");
      return "ready";
    });
    await publish("v-retry");
    await until(() => loop.settled.length === 2);
    expect(loop.settled).toEqual(["requeue", "ack"]);
    expect(loop.deliveries.map((d) => d.redelivered)).toEqual([false, true]);
  });

  it("should ack a long job early as a lease and republish it itself when it fails", async () => {
    let runs = 0;
    const { loop, publish } = await startLoop(
      async () => {
        if (runs++ > 0) return "ready";
        await new Promise((r) => setTimeout(r, 600));
        throw new Error("encoder crashed");
      },
      { CONSUMER_TIMEOUT_MS: "400" },
    );
    await publish("v-lease");
    await until(() => loop.settled.length === 2);
    // The first ack is the lease (at 200 ms); the failure then republishes, not nacks.
    expect(loop.settled).toEqual(["ack", "ack"]);
    expect(loop.deliveries.map((d) => d.leaseRetries)).toEqual([undefined, 1]);
  });

  it("should report retries_exhausted instead of republishing past the lease limit", async () => {
    const { loop, publish, depth } = await startLoop(
      async () => {
        await new Promise((r) => setTimeout(r, 600));
        throw new Error("encoder crashed");
      },
      { CONSUMER_TIMEOUT_MS: "400" },
    );
    await publish("v-exhausted", { "x-lease-retries": QUEUE.deliveryLimit });
    await hooks.waitFor(() => hooks.accepted("v-exhausted", "failed").length === 1, 15_000);
    expect(hooks.accepted("v-exhausted", "failed")[0]).toMatchObject({
      reason: "retries_exhausted",
    });
    expect(loop.deliveries).toHaveLength(1);
    expect(await depth()).toBe(0);
  });

  it("should hand an in-flight job back to the queue when stopped", async () => {
    const { loop, publish, depth } = await startLoop(
      (_job, { signal }) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener("abort", () => reject(new JobCancelledError()), { once: true }),
        ),
    );
    await publish("v-stop");
    await until(() => loop.deliveries.length === 1);
    const stoppedAt = Date.now();
    await loop.stop();
    expect(Date.now() - stoppedAt).toBeLessThan(2000);
    expect(loop.settled).toEqual(["requeue"]);
    await until(async () => (await depth()) === 1);
  });
});
