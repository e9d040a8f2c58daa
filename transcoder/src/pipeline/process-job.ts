import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import {
  ReadyEventSchema,
  type FailureReason,
  type TranscodeJob,
  type WebhookEvent,
} from "@coursecast/shared";
import type { WorkerConfig } from "../config.ts";
import { InputRejectedError, JobCancelledError, VideoGoneError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { checkFreeDisk, diskFullFailure } from "./disk-space.ts";
import { makeJobDir } from "./job-dirs.ts";
import { downloadObject, uploadFolder } from "../storage.ts";
import type { WebhookClient } from "../webhook-client.ts";
import { transcodeFile, type Manifest } from "./transcode-file.ts";

export type JobOutcome = "ready" | "failed";

const PROGRESS_STEP = 5;
const PROGRESS_INTERVAL_MS = 10_000;

function baseEvent(job: TranscodeJob) {
  return {
    id: crypto.randomUUID(),
    jobId: job.jobId,
    videoId: job.videoId,
    occurredAt: new Date().toISOString(),
  };
}

function readyEvent(job: TranscodeJob, manifest: Manifest): WebhookEvent {
  const key = (path: string) => `${job.output.prefix}${path}`;
  return ReadyEventSchema.parse({
    ...baseEvent(job),
    type: "ready",
    durationSeconds: manifest.durationSeconds,
    width: manifest.width,
    height: manifest.height,
    renditions: manifest.renditions.map((r) => ({
      name: r.name,
      width: r.width,
      height: r.height,
      bandwidth: r.bandwidth,
      averageBandwidth: r.averageBandwidth,
      averageBitrate: r.averageBitrate,
      peakBitrate: r.peakBitrate,
      codecs: r.codecs,
      playlistKey: key(r.playlist),
      size: r.size,
    })),
    outputs: {
      masterPlaylist: key(manifest.masterPlaylist),
      mp4: { key: key(manifest.mp4.path), size: manifest.mp4.size, contentType: "video/mp4" },
      mp3: manifest.mp3
        ? { key: key(manifest.mp3.path), size: manifest.mp3.size, contentType: "audio/mpeg" }
        : null,
      poster: {
        key: key(manifest.poster.path),
        size: manifest.poster.size,
        contentType: "image/jpeg",
      },
      thumbnails: manifest.thumbnails.map((t) => ({ key: key(t.path), atSeconds: t.atSeconds })),
      storyboard: {
        key: key(manifest.storyboard.path),
        size: manifest.storyboard.size,
        contentType: "text/vtt",
      },
    },
    totalSize: manifest.totalSize,
  });
}

function failedEvent(job: TranscodeJob, reason: FailureReason, message: string): WebhookEvent {
  return { ...baseEvent(job), type: "failed", reason, message: message.slice(0, 2000) };
}

/** Throttled progress: at most every 5 % or 10 s, and never backwards. */
function progressReporter(job: TranscodeJob, webhooks: WebhookClient) {
  let lastPercent = -PROGRESS_STEP;
  let lastAt = 0;
  let pending: Promise<void> = Promise.resolve();
  let gone: VideoGoneError | null = null;
  return {
    report(stage: "downloading" | "probing" | "transcoding" | "uploading", percent: number) {
      const now = Date.now();
      if (percent < lastPercent + PROGRESS_STEP && now - lastAt < PROGRESS_INTERVAL_MS) return;
      lastPercent = Math.max(lastPercent, percent);
      lastAt = now;
      const event = {
        ...baseEvent(job),
        type: "progress" as const,
        percent: Math.round(lastPercent),
        stage,
      };
      pending = pending
        .then(() => webhooks.progress(job.webhookUrl, event))
        .catch((err: unknown) => {
          if (err instanceof VideoGoneError) gone = err;
        });
    },
    /** Waits for progress sent so far; throws VideoGoneError when the edge answered 410. */
    async flush() {
      await pending;
      if (gone) throw gone;
    },
  };
}

/**
 * One transcode job, end to end: download, probe, one-decode ladder, upload,
 * then the final webhook. Bad input ends as `failed` (acked, never retried);
 * the temp folder is always removed.
 */
export async function processJob(
  job: TranscodeJob,
  deps: {
    config: WorkerConfig;
    s3: S3Client;
    webhooks: WebhookClient;
    logger: Logger;
    signal: AbortSignal;
  },
): Promise<JobOutcome> {
  const { config, s3, webhooks, logger, signal } = deps;
  const dir = await makeJobDir(config.TMP_DIR, job.videoId);
  const progress = progressReporter(job, webhooks);
  try {
    await checkFreeDisk(config.TMP_DIR, job.source.size * config.DISK_HEADROOM_FACTOR);
    progress.report("downloading", 0);
    const source = join(dir, "source");
    try {
      await downloadObject(s3, job.source.bucket, job.source.key, source, signal, job.source.etag);
    } catch (err) {
      if (signal.aborted) throw new JobCancelledError();
      if ((err as { name?: string }).name === "NoSuchKey")
        throw new InputRejectedError("source_missing", "The uploaded file is gone from storage");
      if ((err as { name?: string }).name === "PreconditionFailed")
        throw new InputRejectedError(
          "source_changed",
          "The uploaded file changed after it was checked: upload it again",
        );
      throw err;
    }
    const out = join(dir, "out");
    const manifest = await transcodeFile(source, out, {
      ladder: job.ladder,
      maxDurationSeconds: config.MAX_DURATION_SECONDS,
      preset: config.FFMPEG_PRESET,
      topRung: config.TOP_RUNG,
      scratchDir: dir,
      signal,
      onProgress: (percent) => progress.report("transcoding", 5 + percent * 0.85),
    }).catch((err: unknown) => {
      if (signal.aborted) throw new JobCancelledError();
      if ((err as NodeJS.ErrnoException).code === "ENOSPC") throw diskFullFailure();
      throw err;
    });
    progress.report("uploading", 92);
    const files = await uploadFolder(s3, job.output.bucket, out, job.output.prefix, {
      signal,
    }).catch((err: unknown) => {
      throw signal.aborted ? new JobCancelledError() : err;
    });
    await progress.flush();
    logger.info("outputs uploaded", {
      files,
      totalSize: manifest.totalSize,
      durationSeconds: manifest.durationSeconds,
      ...(manifest.notes.length ? { notes: manifest.notes } : {}),
    });
    await webhooks.deliver(job.webhookUrl, readyEvent(job, manifest), signal);
    return "ready";
  } catch (err) {
    if (!(err instanceof InputRejectedError)) throw err;
    logger.info("input rejected", {
      reason: err.reason,
      message: err.message,
      ...(err.diagnostic ? { diagnostic: err.diagnostic } : {}),
    });
    await progress.flush();
    await webhooks.deliver(job.webhookUrl, failedEvent(job, err.reason, err.message), signal);
    return "failed";
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export { failedEvent };
