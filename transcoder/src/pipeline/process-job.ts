import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import {
  PlayableEventSchema,
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
import { probeStreams, type ProbeData } from "../ffmpeg/probe-data.ts";
import { checkObjectVersion, downloadObject, presignedGetUrl, uploadFolder } from "../storage.ts";
import { streamTranscode } from "../streaming/stream-job.ts";
import type { WebhookClient } from "../webhook-client.ts";
import { isAudioOnly } from "./audio-only.ts";
import type { SourceInfo } from "./inspect-source.ts";
import { LAYOUT } from "./output-layout.ts";
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

/** Long enough for ffmpeg to read a source of the longest allowed duration, slowly. */
const SOURCE_URL_SECONDS = 24 * 3600;

function playableEvent(
  job: TranscodeJob,
  info: SourceInfo,
  renditions: Array<{ name: string; width: number; height: number }>,
): WebhookEvent {
  return PlayableEventSchema.parse({
    ...baseEvent(job),
    type: "playable",
    masterPlaylist: `${job.output.prefix}${LAYOUT.master}`,
    durationSeconds: info.durationSeconds,
    width: info.width,
    height: info.height,
    renditions,
  });
}

function readyEvent(
  job: TranscodeJob,
  manifest: Manifest,
  supersededPrefixes: string[] = [],
): WebhookEvent {
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
    supersededPrefixes: supersededPrefixes.map((p) => `${job.output.prefix}${p}`),
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

/** Storage's answers about the source, as the reasons a job fails for good. */
function sourceFailure(err: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return new JobCancelledError();
  const { name, $metadata } = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (name === "NoSuchKey")
    return new InputRejectedError("source_missing", "The uploaded file is gone from storage");
  if (name === "PreconditionFailed" || $metadata?.httpStatusCode === 412)
    return new InputRejectedError(
      "source_changed",
      "The uploaded file changed after it was checked: upload it again",
    );
  return err;
}

interface JobDeps {
  config: WorkerConfig;
  s3: S3Client;
  webhooks: WebhookClient;
  logger: Logger;
  signal: AbortSignal;
}

/**
 * One transcode job, end to end. Streamed (stream-job.ts): ffmpeg reads the source
 * from a presigned URL, segments are uploaded as they close, `playable` goes out
 * within seconds and `ready` at the end. A source with no picture, or one ffprobe
 * cannot read from the URL, takes the staged path (download, transcode, upload),
 * which also gives the exact reason an unreadable file is refused. Bad input ends
 * as `failed` (acked, never retried); the temp folder is always removed.
 */
export async function processJob(job: TranscodeJob, deps: JobDeps): Promise<JobOutcome> {
  const { config, s3, webhooks, logger, signal } = deps;
  const dir = await makeJobDir(config.TMP_DIR, job.videoId);
  const progress = progressReporter(job, webhooks);
  try {
    // Nothing is staged: the outputs (at most about the source's size twice) are.
    const headroom = Math.max(1, config.DISK_HEADROOM_FACTOR - 1);
    await checkFreeDisk(config.TMP_DIR, job.source.size * headroom);
    progress.report("probing", 0);
    const checkSource = () =>
      checkObjectVersion(s3, job.source.bucket, job.source.key, job.source.etag, signal).catch(
        (err: unknown) => {
          throw sourceFailure(err, signal);
        },
      );
    const size = await checkSource();
    const url = await presignedGetUrl(s3, job.source.bucket, job.source.key, SOURCE_URL_SECONDS);
    const probed: ProbeData | null = size > 0 ? await probeStreams(url).catch(() => null) : null;
    if (!probed || isAudioOnly(probed)) return await stagedJob(job, deps, dir, progress);

    let playableSent: Promise<void> = Promise.resolve();
    const out = join(dir, "out");
    const result = await streamTranscode({
      job,
      s3,
      sourceUrl: url,
      probed,
      outDir: out,
      maxDurationSeconds: config.MAX_DURATION_SECONDS,
      preset: config.FFMPEG_PRESET,
      topRung: config.TOP_RUNG,
      previewAfterSeconds: config.PREVIEW_AFTER_SECONDS,
      copyWaitsForNameMs: config.COPY_WAITS_FOR_NAME_MS,
      scratchDir: dir,
      signal,
      checkSource: async () => void (await checkSource()),
      logger,
      onProgress: (stage, percent) => progress.report(stage, percent),
      onPlayable: (renditions, info) => {
        const event = playableEvent(job, info, renditions);
        logger.info("playable", { renditions: renditions.map((r) => r.name) });
        playableSent = webhooks.deliver(job.webhookUrl, event, signal);
        // Awaited before `ready`; a rejection is handled there.
        playableSent.catch(() => undefined);
      },
    }).catch((err: unknown) => {
      if (signal.aborted) throw new JobCancelledError();
      if ((err as NodeJS.ErrnoException).code === "ENOSPC") throw diskFullFailure();
      throw err;
    });
    await playableSent;
    await progress.flush();
    logger.info("outputs uploaded", {
      totalSize: result.manifest.totalSize,
      durationSeconds: result.manifest.durationSeconds,
      supersededPrefixes: result.supersededPrefixes,
      ...(result.manifest.notes.length ? { notes: result.manifest.notes } : {}),
    });
    await webhooks.deliver(
      job.webhookUrl,
      readyEvent(job, result.manifest, result.supersededPrefixes),
      signal,
    );
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

/** The staged path: download, transcode the local file, upload everything, then `ready`. */
async function stagedJob(
  job: TranscodeJob,
  deps: JobDeps,
  dir: string,
  progress: ReturnType<typeof progressReporter>,
): Promise<JobOutcome> {
  const { config, s3, webhooks, logger, signal } = deps;
  progress.report("downloading", 0);
  const source = join(dir, "source");
  await downloadObject(
    s3,
    job.source.bucket,
    job.source.key,
    source,
    signal,
    job.source.etag,
  ).catch((err: unknown) => {
    throw sourceFailure(err, signal);
  });
  const out = join(dir, "out");
  const manifest = await transcodeFile(source, out, {
    ladder: job.ladder,
    maxDurationSeconds: config.MAX_DURATION_SECONDS,
    preset: config.FFMPEG_PRESET,
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
}

export { failedEvent };
