import { DEFAULT_LADDER, videoOutputPrefix, type TranscodeJob } from "@coursecast/shared";
import type { Services } from "../services.ts";
import type { VideoRecord } from "./video.ts";

/**
 * Publishes the transcode job of an `uploaded` video and moves it to `queued`.
 * The attempt counter is claimed with a conditional update first, so two
 * concurrent callers never both publish; a failed publish leaves the video
 * `uploaded`, and the next call (or the sweeper) claims the next attempt.
 * Returns false when another caller holds this attempt.
 */
export async function publishJob(services: Services, video: VideoRecord): Promise<boolean> {
  const attempt = video.jobAttempt + 1;
  const jobId = `${video._id}.${attempt}`;
  const claimed = await services.videos.updateWhere(
    video._id,
    { state: { $in: ["uploaded", "queued", "processing"] }, jobAttempt: video.jobAttempt },
    { $set: { jobAttempt: attempt, jobId, updatedAt: new Date().toISOString() } },
  );
  if (!claimed) return false;
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
  await services.videos.transition(video._id, "queued", { publishedAt: job.requestedAt }, [
    "uploaded",
  ]);
  return true;
}
