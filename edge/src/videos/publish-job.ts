import { DEFAULT_LADDER, videoOutputPrefix, type TranscodeJob } from "@coursecast/shared";
import type { Services } from "../ports/services.ts";
import type { VideoRecord } from "../domain/video.ts";

/**
 * Publishes the transcode job of an `uploaded` video and moves it to `queued`.
 * The attempt counter is claimed with a conditional update first, so two
 * concurrent callers never both publish; a failed publish leaves the video
 * `uploaded`, and the next call (or the sweeper) claims the next attempt.
 * Returns the video as this caller left it, or null when another caller holds
 * this attempt.
 */
export async function publishJob(
  services: Services,
  video: VideoRecord,
): Promise<VideoRecord | null> {
  const attempt = video.jobAttempt + 1;
  const jobId = `${video._id}.${attempt}`;
  const claimed = await services.videos.claimPublishAttempt(video, { attempt, jobId });
  if (!claimed) return null;
  const { config } = services;
  const job: TranscodeJob = {
    jobId,
    videoId: video._id,
    attempt,
    source: {
      bucket: config.S3_BUCKET,
      key: video.upload.key,
      size: video.upload.size,
      contentType: video.upload.contentType,
      ...(video.upload.etag ? { etag: video.upload.etag } : {}),
    },
    output: { bucket: config.S3_BUCKET, prefix: videoOutputPrefix(video._id) },
    ladder: [...DEFAULT_LADDER],
    webhookUrl: `${config.PUBLIC_URL.replace(/\/$/, "")}/webhooks/transcoder`,
    requestedAt: new Date().toISOString(),
  };
  await services.jobs.publish(job);
  const queued = await services.videos.markQueued(claimed, job.requestedAt);
  // Not `uploaded` any more: a worker reported first, so read what it wrote.
  return queued ?? (await services.videos.get(video._id)) ?? claimed;
}
