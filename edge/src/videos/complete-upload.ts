import { AppError } from "../errors.ts";
import type { Services } from "../ports/services.ts";
import { checkPartsAgainstPlan } from "./check-multipart-parts.ts";
import { publishJob } from "./publish-job.ts";
import type { VideoRecord } from "../domain/video.ts";

export interface CompletedPart {
  partNumber: number;
  etag: string;
}

/** Completes and checks the stored file; returns the video as `uploaded` (or as another caller left it). */
async function finishStorage(
  services: Services,
  video: VideoRecord,
  parts: CompletedPart[] | undefined,
): Promise<VideoRecord> {
  const { upload } = video;
  if (upload.type === "multipart") {
    if (!parts?.length)
      throw new AppError("validation_failed", "parts: required for a multipart upload", {
        field: "parts",
      });
    // null: a completion went through but its answer was lost; the HEAD below decides.
    const held = await services.objects.listParts(upload.key, upload.uploadId!);
    if (held) checkPartsAgainstPlan(upload, parts, held);
    // `no_such_upload` after a completion that went through but whose answer was lost: the HEAD below decides.
    await services.objects.completeMultipart(
      upload.key,
      upload.uploadId!,
      [...parts].sort((a, b) => a.partNumber - b.partNumber),
    );
  }
  const stored = await services.objects.head(upload.key);
  if (!stored) throw new AppError("upload_incomplete", "The file has not been uploaded yet");
  const mismatch =
    stored.size !== upload.size
      ? `size is ${stored.size} bytes, ${upload.size} were declared`
      : stored.contentType !== upload.contentType
        ? `type is ${stored.contentType}, ${upload.contentType} was declared`
        : null;
  if (mismatch) {
    // Keep nothing of a wrong upload: the client starts again with a correct file.
    await services.objects.deleteObject(upload.key);
    await services.videos.failUpload(video, {
      reason: "corrupt",
      message: `Uploaded file ${mismatch}`,
    });
    throw new AppError("upload_mismatch", `Uploaded file ${mismatch}`, {
      field: stored.size !== upload.size ? "size" : "contentType",
    });
  }
  const uploaded = await services.videos.markUploaded(video, {
    completedAt: new Date().toISOString(),
    etag: stored.etag,
  });
  // Another call completed it meanwhile: go on from what that one wrote.
  return uploaded ?? (await currentVideo(services, video));
}

async function currentVideo(services: Services, video: VideoRecord): Promise<VideoRecord> {
  const current = await services.videos.get(video._id);
  if (!current) throw new AppError("invalid_state", "The video is deleted");
  return current;
}

/**
 * Completes an upload and queues its transcode job. Idempotent: calling it again
 * after success answers the current video without publishing twice; after a
 * failed publish (503) it publishes.
 */
export async function completeUpload(
  services: Services,
  video: VideoRecord,
  parts: CompletedPart[] | undefined,
): Promise<VideoRecord> {
  if (video.state === "awaiting_upload") video = await finishStorage(services, video, parts);
  if (video.state === "uploaded")
    video = (await publishJob(services, video)) ?? (await currentVideo(services, video));
  if (video.state === "failed" || video.state === "deleted")
    throw new AppError("invalid_state", `The video is ${video.state}`);
  return video;
}
