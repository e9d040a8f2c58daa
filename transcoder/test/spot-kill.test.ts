import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { newRunId, runQueueNames } from "@coursecast/dev/test-support";
import { DEFAULT_LADDER, type TranscodeJob } from "@coursecast/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTranscoderWorker } from "../src/queue/worker.ts";
import { makeVideo } from "./support/media.ts";
import { auditStoredHls } from "./support/stored-hls.ts";
import { startWorkerBed, type WorkerBed } from "./support/test-bed.ts";

// Real RabbitMQ (this run's own exchange and queues), the S3 stand-in, real ffmpeg, and a
// worker process killed with SIGKILL after the video became playable.
const runId = newRunId();
const queues = runQueueNames(runId);
const bucket = "media";
const credentials = { accessKeyId: "spot-test", secretAccessKey: "spot-test-secret" };
const secret = `whsec_${runId}_spot`;
const mainEntry = fileURLToPath(new URL("../src/main.ts", import.meta.url));

let bed: WorkerBed;

beforeAll(async () => {
  bed = await startWorkerBed({ name: "spot-kill", bucket, credentials, secret, queues });
  // A worker declares this run's exchange and queues, so that the job published next is kept.
  const declarer = startTranscoderWorker(bed.config);
  await declarer.ready;
  await declarer.stop();
}, 60_000);

afterAll(async () => {
  await bed?.close();
});

describe("a worker killed after playable", () => {
  it("should leave every stored playlist pointing at stored segments, never shorter, and the next worker finishes", async () => {
    const source = await makeVideo(bed.dir, "spot.mp4", { size: "1280x720", seconds: 40 });
    await bed.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: "uploads/v-spot/source",
        Body: await readFile(source),
      }),
    );
    const child = spawn(process.execPath, [mainEntry], {
      env: { ...process.env, ...bed.env },
      stdio: ["ignore", "ignore", "ignore"],
    });
    bed.children.push(child);
    const job: TranscodeJob = {
      jobId: "v-spot.1",
      videoId: "v-spot",
      attempt: 1,
      source: { bucket, key: "uploads/v-spot/source", size: 1000, contentType: "video/mp4" },
      output: { bucket, prefix: "videos/v-spot/" },
      ladder: [...DEFAULT_LADDER],
      webhookUrl: bed.hooks.url,
      requestedAt: new Date().toISOString(),
    };
    const channel = await bed.amqp.createChannel();
    channel.publish(
      bed.config.QUEUE_EXCHANGE,
      bed.config.QUEUE_ROUTING_KEY,
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
        const audit = await auditStoredHls(bed.s3, bucket, "videos/v-spot/");
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
      await bed.hooks.waitFor(() => bed.hooks.accepted("v-spot", "playable").length === 1, 120_000);
      await new Promise((r) => setTimeout(r, 1500));
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
      expect(bed.hooks.accepted("v-spot", "ready")).toHaveLength(0);
      const playlistsAtKill = new Map(longest);

      const rescuer = startTranscoderWorker(bed.config);
      bed.workers.push(rescuer);
      await bed.hooks.waitFor(() => bed.hooks.accepted("v-spot", "ready").length === 1, 240_000);
      // Something was stored before the kill that the rerun had to respect.
      expect([...playlistsAtKill.values()].some((n) => n > 0)).toBe(true);
    } finally {
      sampling = false;
      await sampler;
    }
    expect(samples).toBeGreaterThan(5);
    expect(dangling).toEqual([]);
    expect(shrunk).toEqual([]);
    const final = await auditStoredHls(bed.s3, bucket, "videos/v-spot/");
    expect(final.dangling).toEqual([]);
    const ready = bed.hooks.accepted("v-spot", "ready")[0];
    if (ready?.type !== "ready") throw new Error("no ready");
    expect(ready.renditions.map((r) => r.height)).toEqual([720, 480, 360]);
  }, 360_000);
});
