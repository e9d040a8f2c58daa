import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { startS3Server, transcoderQueueEnv, type S3Server } from "@coursecast/dev";
import {
  deleteRunQueues,
  newRunId,
  runQueueNames,
  standInS3Client,
} from "@coursecast/dev/test-support";
import { DEFAULT_LADDER, type TranscodeJob } from "@coursecast/shared";
import { connect, type ChannelModel } from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadWorkerConfig, type WorkerConfig } from "../src/config.ts";
import { startTranscoderWorker, type TranscoderWorker } from "../src/queue/worker.ts";
import { makeVideo } from "./support/media.ts";
import { auditStoredHls } from "./support/stored-hls.ts";
import { startWebhookReceiver } from "./support/webhook-receiver.ts";

// Real RabbitMQ (this run's own exchange and queues), the S3 stand-in, real ffmpeg, and a
// worker process killed with SIGKILL after the video became playable.
const runId = newRunId();
const queues = runQueueNames(runId);
const bucket = "media";
const credentials = { accessKeyId: "spot-test", secretAccessKey: "spot-test-secret" };
const secret = `whsec_${runId}_spot`;
const mainEntry = fileURLToPath(new URL("../src/main.ts", import.meta.url));

let dir: string;
let s3Server: S3Server;
let s3: S3Client;
let amqp: ChannelModel;
let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
let env: Record<string, string>;
let config: WorkerConfig;
const workers: TranscoderWorker[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "spot-kill-"));
  s3Server = await startS3Server({
    port: 0,
    directory: join(dir, "s3"),
    ...credentials,
    buckets: [bucket],
    silent: true,
  });
  s3 = standInS3Client({ endpoint: s3Server.url, credentials });
  hooks = await startWebhookReceiver(secret);
  amqp = await connect("amqp://guest:guest@127.0.0.1:5672");
  env = {
    AMQP_URL: "amqp://guest:guest@127.0.0.1:5672",
    S3_ENDPOINT: s3Server.url,
    S3_ACCESS_KEY_ID: credentials.accessKeyId,
    S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    WEBHOOK_SECRET: secret,
    EDGE_URL: new URL(hooks.url).origin,
    TMP_DIR: join(dir, "tmp"),
    ...transcoderQueueEnv(queues),
    WEBHOOK_RETRY_MS: "20000",
    FFMPEG_PRESET: "ultrafast",
  };
  await mkdir(env.TMP_DIR!, { recursive: true });
  config = loadWorkerConfig(env);
  // A worker declares this run's exchange and queues, so that the job published next is kept.
  const declarer = startTranscoderWorker(config);
  await declarer.ready;
  await declarer.stop();
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await Promise.all(workers.map((w) => w.stop()));
  await deleteRunQueues(queues, amqp);
  await amqp.close();
  await hooks.close();
  await s3Server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("a worker killed after playable", () => {
  it("should leave every stored playlist pointing at stored segments, never shorter, and the next worker finishes", async () => {
    const source = await makeVideo(dir, "spot.mp4", { size: "1280x720", seconds: 40 });
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: "uploads/v-spot/source",
        Body: await readFile(source),
      }),
    );
    const child = spawn(process.execPath, [mainEntry], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "ignore"],
    });
    children.push(child);
    const job: TranscodeJob = {
      jobId: "v-spot.1",
      videoId: "v-spot",
      attempt: 1,
      source: { bucket, key: "uploads/v-spot/source", size: 1000, contentType: "video/mp4" },
      output: { bucket, prefix: "videos/v-spot/" },
      ladder: [...DEFAULT_LADDER],
      webhookUrl: hooks.url,
      requestedAt: new Date().toISOString(),
    };
    const channel = await amqp.createChannel();
    channel.publish(
      config.QUEUE_EXCHANGE,
      config.QUEUE_ROUTING_KEY,
      Buffer.from(JSON.stringify(job)),
      {
        persistent: true,
        messageId: job.jobId,
      },
    );
    await channel.close();

    // Storage sampled from start to end, through the kill and the rerun.
    const dangling: string[] = [];
    const shrunk: string[] = [];
    const longest = new Map<string, number>();
    let samples = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const audit = await auditStoredHls(s3, bucket, "videos/v-spot/");
        samples++;
        dangling.push(...audit.dangling);
        for (const [key, count] of audit.counts) {
          if (count < (longest.get(key) ?? 0))
            shrunk.push(`${key}: ${longest.get(key)} → ${count}`);
          longest.set(key, Math.max(count, longest.get(key) ?? 0));
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      await hooks.waitFor(() => hooks.accepted("v-spot", "playable").length === 1, 120_000);
      await new Promise((r) => setTimeout(r, 1500));
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
      expect(hooks.accepted("v-spot", "ready")).toHaveLength(0);
      const playlistsAtKill = new Map(longest);

      const rescuer = startTranscoderWorker(config);
      workers.push(rescuer);
      await hooks.waitFor(() => hooks.accepted("v-spot", "ready").length === 1, 240_000);
      // Something was stored before the kill that the rerun had to respect.
      expect([...playlistsAtKill.values()].some((n) => n > 0)).toBe(true);
    } finally {
      sampling = false;
      await sampler;
    }
    expect(samples).toBeGreaterThan(5);
    expect(dangling).toEqual([]);
    expect(shrunk).toEqual([]);
    const final = await auditStoredHls(s3, bucket, "videos/v-spot/");
    expect(final.dangling).toEqual([]);
    const ready = hooks.accepted("v-spot", "ready")[0];
    if (ready?.type !== "ready") throw new Error("no ready");
    expect(ready.renditions.map((r) => r.height)).toEqual([720, 480, 360]);
  }, 360_000);
});
