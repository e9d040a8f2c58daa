import { AppError } from "../errors.ts";
import { S3RequestError } from "../adapters/s3-object-store.ts";
import type { Services } from "../services.ts";
import { checkPartsAgainstPlan } from "./check-multipart-parts.ts";
import { publishJob } from "./publish-job.ts";
import type { VideoRecord } from "./video.ts";

export interface CompletedPart {
  partNumber: number;
  etag: string;
}

async function finishStorage(
  services: Services,
  video: VideoRecord,
  parts: CompletedPart[] | undefined,
): Promise<void> {
  const { upload } = video;
  if (upload.type === "multipart") {
    if (!parts?.length)
      throw new AppError("validation_failed", "parts: required for a multipart upload", {
        field: "parts",
      });
    // null: a completion went through but its answer was lost; the HEAD below decides.
    const stored = await services.objects.listParts(upload.key, upload.uploadId!);
    if (stored) checkPartsAgainstPlan(upload, parts, stored);
    try {
      await services.objects.completeMultipart(
        upload.key,
        upload.uploadId!,
        [...parts].sort((a, b) => a.partNumber - b.partNumber),
      );
    } catch (err) {
      // NoSuchUpload after a completion that went through but whose answer was lost: the HEAD below decides.
      if (!(err instanceof S3RequestError)) throw err;
      if (err.s3Code !== "NoSuchUpload")
        throw new AppError(
          "upload_incomplete",
          `Storage refused to complete the upload: ${err.s3Code}`,
          { field: "parts", cause: err },
        );
    }
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
    await services.videos.transition(
      video._id,
      "failed",
      { failure: { reason: "corrupt", message: `Uploaded file ${mismatch}` } },
      ["awaiting_upload"],
    );
    throw new AppError("upload_mismatch", `Uploaded file ${mismatch}`, {
      field: stored.size !== upload.size ? "size" : "contentType",
    });
  }
  await services.videos.transition(
    video._id,
    "uploaded",
    { upload: { ...upload, completedAt: new Date().toISOString(), etag: stored.etag } },
    ["awaiting_upload"],
  );
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
  if (video.state === "awaiting_upload") {
    await finishStorage(services, video, parts);
    video = (await services.videos.get(video._id))!;
  }
  if (video.state === "uploaded") {
    await publishJob(services, video);
    video = (await services.videos.get(video._id))!;
  }
  if (video.state === "failed" || video.state === "deleted")
    throw new AppError("invalid_state", `The video is ${video.state}`);
  return video;
}
