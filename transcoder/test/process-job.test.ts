import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { DEFAULT_LADDER, type TranscodeJob } from "@coursecast/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadWorkerConfig } from "../src/config.ts";
import { createLogger } from "../src/log.ts";
import { processJob } from "../src/pipeline/process-job.ts";
import { WebhookClient } from "../src/webhook-client.ts";
import { startWebhookReceiver } from "./support/webhook-receiver.ts";

const secret = "whsec_process_job_tests_secret";
let dir: string;
let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "process-job-"));
  hooks = await startWebhookReceiver(secret);
});
afterAll(async () => {
  await hooks.close();
  await rm(dir, { recursive: true, force: true });
});

describe("processJob", () => {
  it("should fail once as insufficient_disk, before downloading, when the source cannot fit", async () => {
    const config = loadWorkerConfig({
      S3_ENDPOINT: "http://127.0.0.1:9",
      S3_ACCESS_KEY_ID: "unused",
      S3_SECRET_ACCESS_KEY: "unused",
      WEBHOOK_SECRET: secret,
      EDGE_URL: new URL(hooks.url).origin,
      TMP_DIR: join(dir, "tmp"),
    });
    const logger = createLogger({ test: "process-job" });
    const job: TranscodeJob = {
      jobId: "huge.1",
      videoId: "huge",
      attempt: 1,
      // A petabyte: no disk here has three times that free.
      source: { bucket: "media", key: "uploads/huge/source", size: 1e15, contentType: "video/mp4" },
      output: { bucket: "media", prefix: "videos/huge/" },
      ladder: [...DEFAULT_LADDER],
      webhookUrl: hooks.url,
      requestedAt: new Date().toISOString(),
    };
    const outcome = await processJob(job, {
      config,
      // Unreachable: the job must end before any storage call.
      s3: new S3Client({
        endpoint: "http://127.0.0.1:9",
        region: "us-east-1",
        credentials: { accessKeyId: "x", secretAccessKey: "y" },
        maxAttempts: 1,
      }),
      webhooks: new WebhookClient({ secret, retryForMs: 5000, logger }),
      logger,
      signal: new AbortController().signal,
    });
    expect(outcome).toBe("failed");
    const failed = hooks.accepted("huge", "failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ reason: "insufficient_disk" });
    expect((failed[0] as { message: string }).message).toMatch(/disk/);
    expect(hooks.accepted("huge", "progress")).toHaveLength(0);
    expect(await readdir(join(dir, "tmp"))).toEqual([]);
  });
});
