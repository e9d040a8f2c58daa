import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { newRunId, runQueueNames } from "@coursecast/dev/test-support";
import { DEFAULT_LADDER, type TranscodeJob } from "@coursecast/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTranscoderWorker } from "../../src/queue/worker.ts";
import { makeVideo } from "../support/media.ts";
import { startWorkerBed, type WorkerBed } from "../support/test-bed.ts";

// A job that outlives the broker's consumer timeout must finish once, not loop. The
// broker-wide timeout is lowered to 3 s (RabbitMQ 3.10 has no per-queue setting) and
// RabbitMQ checks it about once a minute, so the job is kept busy for 70 s by a webhook
// endpoint that refuses the final event until then.
const run = promisify(execFile);
const runId = newRunId();
const queues = runQueueNames(runId, "lease");
const credentials = { accessKeyId: "lease-test", secretAccessKey: "lease-test-secret" };
const secret = `whsec_${runId}_lease_test_secret`;
let bed: WorkerBed;
let previousTimeout = "1800000";

beforeAll(async () => {
  const { stdout } = await run("rabbitmqctl", [
    "eval",
    "application:get_env(rabbit, consumer_timeout).",
  ]);
  previousTimeout = /(\d+)/.exec(stdout)?.[1] ?? previousTimeout;
  await run("rabbitmqctl", ["eval", "application:set_env(rabbit, consumer_timeout, 3000)."]);
  bed = await startWorkerBed({
    name: "lease-test",
    bucket: "media",
    credentials,
    secret,
    queues,
    env: { CONSUMER_TIMEOUT_MS: "3000", WEBHOOK_RETRY_MS: "180000" },
  });
});

afterAll(async () => {
  await run("rabbitmqctl", [
    "eval",
    `application:set_env(rabbit, consumer_timeout, ${previousTimeout}).`,
  ]);
  await bed?.close();
});

describe("a job longer than the broker's consumer timeout", () => {
  it("should be acked early as a lease and finish exactly once", async () => {
    const { config, hooks, amqp, s3 } = bed;
    const worker = startTranscoderWorker(config);
    bed.workers.push(worker);
    await worker.ready;
    const clip = await makeVideo(bed.dir, "clip.mp4", { size: "640x360", seconds: 3 });
    await s3.send(
      new PutObjectCommand({
        Bucket: "media",
        Key: "uploads/v-long/source",
        Body: await readFile(clip),
      }),
    );

    const started = Date.now();
    hooks.answerWith((event) =>
      event.type === "ready" && Date.now() - started < 70_000 ? 503 : 200,
    );
    const job: TranscodeJob = {
      jobId: "v-long.1",
      videoId: "v-long",
      attempt: 1,
      source: {
        bucket: "media",
        key: "uploads/v-long/source",
        size: 1000,
        contentType: "video/mp4",
      },
      output: { bucket: "media", prefix: "videos/v-long/" },
      ladder: DEFAULT_LADDER.filter((r) => r.height <= 360),
      webhookUrl: hooks.url,
      requestedAt: new Date().toISOString(),
    };
    const channel = await amqp.createChannel();
    channel.publish(
      config.QUEUE_EXCHANGE,
      config.QUEUE_ROUTING_KEY,
      Buffer.from(JSON.stringify(job)),
      { persistent: true },
    );
    await hooks.waitFor(() => hooks.accepted("v-long", "ready").length === 1, 200_000);
    await new Promise((r) => setTimeout(r, 3000));

    const readyAttempts = hooks.received.filter(
      (r) => r.event.videoId === "v-long" && r.event.type === "ready",
    );
    expect(Date.now() - started).toBeGreaterThan(65_000);
    // A redelivery would have transcoded again and sent a ready event with another id.
    expect(new Set(readyAttempts.map((r) => r.event.id)).size).toBe(1);
    expect(hooks.accepted("v-long", "ready")).toHaveLength(1);
    expect((await channel.checkQueue(config.QUEUE_NAME)).messageCount).toBe(0);
  });
});
