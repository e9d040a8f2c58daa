import { spawn, type ChildProcess } from "node:child_process";
import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { newRunId, queueDepth, runQueueNames } from "@coursecast/dev/test-support";
import { DEFAULT_LADDER, type TranscodeJob } from "@coursecast/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTranscoderWorker } from "../src/queue/worker.ts";
import { makeTextFile, makeVideo } from "./support/media.ts";
import { startWorkerBed, type WorkerBed } from "./support/test-bed.ts";
import { startWebhookReceiver } from "./support/webhook-receiver.ts";

// Real RabbitMQ (a private exchange and queues per run), the real S3 stand-in, real ffmpeg.
const runId = newRunId();
const queues = runQueueNames(runId);
const bucket = "media";
const credentials = { accessKeyId: "worker-test", secretAccessKey: "worker-test-secret" };
const secret = `whsec_${runId}_transcoder_tests`;
const mainEntry = fileURLToPath(new URL("../src/main.ts", import.meta.url));

let bed: WorkerBed;

async function upload(path: string, key: string) {
  const { readFile } = await import("node:fs/promises");
  await bed.s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: await readFile(path),
      ContentType: "video/mp4",
    }),
  );
}

async function publish(
  videoId: string,
  key: string,
  size = 1000,
  overrides: Partial<TranscodeJob> = {},
): Promise<TranscodeJob> {
  const job: TranscodeJob = {
    jobId: `${videoId}.1`,
    videoId,
    attempt: 1,
    source: { bucket, key, size, contentType: "video/mp4" },
    output: { bucket, prefix: `videos/${videoId}/` },
    ladder: DEFAULT_LADDER.filter((r) => r.height <= 480),
    webhookUrl: bed.hooks.url,
    requestedAt: new Date().toISOString(),
    ...overrides,
  };
  const channel = await bed.amqp.createChannel();
  channel.publish(
    bed.config.QUEUE_EXCHANGE,
    bed.config.QUEUE_ROUTING_KEY,
    Buffer.from(JSON.stringify(job)),
    { persistent: true, messageId: job.jobId },
  );
  await channel.close();
  return job;
}

function spawnWorker(): ChildProcess {
  const child = spawn(process.execPath, [mainEntry], {
    env: { ...process.env, ...bed.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.resume();
  child.stderr?.resume();
  bed.children.push(child);
  return child;
}

beforeAll(async () => {
  bed = await startWorkerBed({ name: "worker-test", bucket, credentials, secret, queues });
  const worker = startTranscoderWorker(bed.config);
  bed.workers.push(worker);
  await worker.ready;
}, 60_000);

afterAll(async () => {
  await bed?.close();
});

describe("transcoder worker", () => {
  it("should turn a queued job into uploaded outputs and one signed ready webhook", async () => {
    const source = await makeVideo(bed.dir, "lecture.mp4", { size: "854x480", seconds: 5 });
    await upload(source, "uploads/v-ready/source");
    await publish("v-ready", "uploads/v-ready/source");
    await bed.hooks.waitFor(() => bed.hooks.accepted("v-ready", "ready").length === 1);
    const [ready] = bed.hooks.accepted("v-ready", "ready");
    if (ready?.type !== "ready") throw new Error("no ready event");
    expect(ready.renditions.map((r) => r.height)).toEqual([480, 360]);
    // What each rung costs, measured after encoding, and what is stored in all.
    for (const r of ready.renditions) {
      expect(r.averageBitrate).toBeGreaterThan(0);
      expect(r.peakBitrate).toBeGreaterThanOrEqual(r.averageBitrate!);
      expect(r.bandwidth).toBeGreaterThanOrEqual(r.peakBitrate!);
      expect(r.averageBandwidth).toBeGreaterThan(r.averageBitrate!);
    }
    expect(ready.totalSize).toBeGreaterThan(ready.outputs.mp4.size + ready.renditions[0]!.size);
    for (const key of [
      ready.outputs.masterPlaylist,
      ready.outputs.mp4.key,
      ready.outputs.mp3!.key,
      ready.outputs.poster.key,
      ...ready.renditions.map((r) => r.playlistKey),
    ]) {
      const head = await bed.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      expect(head.ContentLength).toBeGreaterThan(0);
    }
    const playlist = await bed.s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: ready.outputs.masterPlaylist }),
    );
    expect(playlist.ContentType).toBe("application/vnd.apple.mpegurl");
    const percents = bed.hooks
      .accepted("v-ready", "progress")
      .map((e) => (e.type === "progress" ? e.percent : -1));
    expect(percents.length).toBeGreaterThan(0);
    expect(percents.every((p, i) => i === 0 || p >= percents[i - 1]!)).toBe(true);
    expect(await queueDepth(bed.config.QUEUE_NAME, bed.amqp)).toBe(0);
    expect(await readdir(bed.env.TMP_DIR!)).toEqual([]);
  });

  it("should report poison input as failed once, without a retry loop", async () => {
    const text = await makeTextFile(bed.dir, "notes.mp4");
    await upload(text, "uploads/v-poison/source");
    await publish("v-poison", "uploads/v-poison/source");
    await bed.hooks.waitFor(() => bed.hooks.accepted("v-poison", "failed").length === 1);
    await new Promise((r) => setTimeout(r, 1500));
    const failed = bed.hooks.accepted("v-poison", "failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ reason: "not_video" });
    expect(await queueDepth(bed.config.QUEUE_NAME, bed.amqp)).toBe(0);
  });

  it("should deliver the final webhook after the endpoint comes back, without transcoding again", async () => {
    const source = await makeVideo(bed.dir, "short.mp4", { size: "640x360", seconds: 3 });
    await upload(source, "uploads/v-retry/source");
    let refusals = 0;
    bed.hooks.answerWith((event) =>
      event.videoId === "v-retry" && event.type === "ready" && refusals++ < 2 ? 503 : 200,
    );
    await publish("v-retry", "uploads/v-retry/source");
    await bed.hooks.waitFor(() => bed.hooks.accepted("v-retry", "ready").length === 1, 60_000);
    const attempts = bed.hooks.received.filter(
      (r) => r.event.videoId === "v-retry" && r.event.type === "ready",
    );
    expect(attempts.map((r) => r.status)).toEqual([503, 503, 200]);
    // One transcode: every delivery attempt carried the same event.
    expect(new Set(attempts.map((r) => r.event.id)).size).toBe(1);
    bed.hooks.answerWith(() => 200);
  });

  it("should stop on 410 for a deleted video and drop the job", async () => {
    const source = await makeVideo(bed.dir, "gone.mp4", { size: "640x360", seconds: 2 });
    await upload(source, "uploads/v-gone/source");
    bed.hooks.answerWith((event) => (event.videoId === "v-gone" ? 410 : 200));
    await publish("v-gone", "uploads/v-gone/source");
    await bed.hooks.waitFor(() =>
      bed.hooks.received.some((r) => r.event.videoId === "v-gone" && r.status === 410),
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(await queueDepth(bed.config.QUEUE_NAME, bed.amqp)).toBe(0);
    bed.hooks.answerWith(() => 200);
  });

  it("should fail a job clearly, once, when the source changed after the edge checked it", async () => {
    const source = await makeVideo(bed.dir, "checked.mp4", { size: "640x360", seconds: 2 });
    await upload(source, "uploads/v-swapped/source");
    const checked = await bed.s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: "uploads/v-swapped/source" }),
    );
    // The single-upload PUT URL is still valid: the bytes are swapped after the check.
    const other = await makeVideo(bed.dir, "swapped.mp4", { size: "320x240", seconds: 1 });
    await upload(other, "uploads/v-swapped/source");
    await publish("v-swapped", "uploads/v-swapped/source", 1000, {
      source: {
        bucket,
        key: "uploads/v-swapped/source",
        size: 1000,
        contentType: "video/mp4",
        etag: checked.ETag!,
      },
    });
    await bed.hooks.waitFor(() => bed.hooks.accepted("v-swapped", "failed").length === 1);
    await new Promise((r) => setTimeout(r, 1000));
    const failed = bed.hooks.accepted("v-swapped", "failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ reason: "source_changed" });
    expect(await queueDepth(bed.config.QUEUE_NAME, bed.amqp)).toBe(0);
  });

  it("should refuse jobs whose webhook URL or keys are outside what the edge publishes", async () => {
    const rogue = await startWebhookReceiver(secret);
    try {
      const source = await makeVideo(bed.dir, "rogue.mp4", { size: "320x240", seconds: 1 });
      await upload(source, "uploads/v-rogue/source");
      await publish("v-rogue", "uploads/v-rogue/source", 1000, { webhookUrl: rogue.url });
      await publish("v-rogue", "uploads/v-rogue/source", 1000, {
        jobId: "v-rogue.2",
        output: { bucket, prefix: "videos/v-victim/" },
      });
      await publish("v-rogue", "uploads/v-rogue/source", 1000, {
        jobId: "v-rogue.3",
        source: { bucket, key: "uploads/v-ready/source", size: 1000, contentType: "video/mp4" },
      });
      await new Promise((r) => setTimeout(r, 3000));
      expect(rogue.received).toEqual([]);
      expect(bed.hooks.received.filter((r) => r.event.videoId === "v-rogue")).toEqual([]);
      expect(await queueDepth(bed.config.QUEUE_NAME, bed.amqp)).toBe(0);
      const written = await bed.s3
        .send(new HeadObjectCommand({ Bucket: bucket, Key: "videos/v-victim/hls/master.m3u8" }))
        .then(
          () => true,
          () => false,
        );
      expect(written).toBe(false);
    } finally {
      await rogue.close();
    }
  });

  it("should dead-letter a job that fails on every delivery and report retries_exhausted", async () => {
    // The source bucket does not exist: a transient-looking failure on every attempt.
    await publish("v-dead", "uploads/v-dead/source", 1000, {
      source: {
        bucket: "no-such-bucket",
        key: "uploads/v-dead/source",
        size: 1000,
        contentType: "video/mp4",
      },
    });
    await bed.hooks.waitFor(() => bed.hooks.accepted("v-dead", "failed").length === 1, 90_000);
    expect(bed.hooks.accepted("v-dead", "failed")[0]).toMatchObject({
      reason: "retries_exhausted",
    });
  });

  it("should hand a job back on SIGTERM within 10 s, and another worker finishes it once", async () => {
    await Promise.all(bed.workers.splice(0).map((w) => w.stop()));
    const source = await makeVideo(bed.dir, "long.mp4", { size: "1280x720", seconds: 20 });
    await upload(source, "uploads/v-term/source");
    const child = spawnWorker();
    await publish("v-term", "uploads/v-term/source", 1000, { ladder: [...DEFAULT_LADDER] });
    await bed.hooks.waitFor(() =>
      bed.hooks.received.some(
        (r) =>
          r.event.videoId === "v-term" &&
          r.event.type === "progress" &&
          r.event.stage === "transcoding",
      ),
    );
    const stoppedAt = Date.now();
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(await queueDepth(bed.config.QUEUE_NAME, bed.amqp)).toBe(1);

    // The worker cleaned up after itself before exiting.
    expect(await readdir(bed.env.TMP_DIR!)).toEqual([]);

    const rescuer = startTranscoderWorker(bed.config);
    bed.workers.push(rescuer);
    await bed.hooks.waitFor(() => bed.hooks.accepted("v-term", "ready").length === 1, 120_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(bed.hooks.accepted("v-term", "ready")).toHaveLength(1);
    expect(await readdir(bed.env.TMP_DIR!)).toEqual([]);
  }, 180_000);

  it("should have the broker redeliver a job whose worker was SIGKILLed, finished once elsewhere", async () => {
    await Promise.all(bed.workers.splice(0).map((w) => w.stop()));
    const source = await makeVideo(bed.dir, "killed.mp4", { size: "1280x720", seconds: 20 });
    await upload(source, "uploads/v-kill/source");
    const child = spawnWorker();
    await publish("v-kill", "uploads/v-kill/source", 1000, { ladder: [...DEFAULT_LADDER] });
    await bed.hooks.waitFor(() =>
      bed.hooks.received.some(
        (r) =>
          r.event.videoId === "v-kill" &&
          r.event.type === "progress" &&
          r.event.stage === "transcoding",
      ),
    );
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    // A killed worker cannot clean up: its folder stays until a worker starts on the host.
    expect(await readdir(bed.env.TMP_DIR!)).toEqual([
      expect.stringMatching(`^job-v-kill-p${child.pid}-`),
    ]);

    const rescuer = startTranscoderWorker(bed.config);
    bed.workers.push(rescuer);
    await bed.hooks.waitFor(() => bed.hooks.accepted("v-kill", "ready").length === 1, 120_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(bed.hooks.accepted("v-kill", "ready")).toHaveLength(1);
    expect(await readdir(bed.env.TMP_DIR!)).toEqual([]);
  }, 180_000);
});
