import { AppError } from "../errors.ts";
import type { StoredPart } from "../ports/object-store.ts";
import type { Services } from "../ports/services.ts";
import { plannedPartSize } from "./check-multipart-parts.ts";
import type { VideoRecord } from "../domain/video.ts";

export function multipartOf(video: VideoRecord): {
  key: string;
  uploadId: string;
  partCount: number;
} {
  if (video.state !== "awaiting_upload")
    throw new AppError("invalid_state", `Upload is over: the video is ${video.state}`);
  if (video.upload.type !== "multipart" || !video.upload.uploadId || !video.upload.partCount) {
    throw new AppError("invalid_state", "This video uses a single PUT upload, not parts");
  }
  return {
    key: video.upload.key,
    uploadId: video.upload.uploadId,
    partCount: video.upload.partCount,
  };
}

/** Presigned PUT URLs for a batch of parts (or one: `field` names it in errors). */
export async function presignParts(
  services: Services,
  video: VideoRecord,
  partNumbers: number[],
  field = "partNumbers",
): Promise<Array<{ partNumber: number; url: string }>> {
  const { key, uploadId, partCount } = multipartOf(video);
  const bad = partNumbers.find((n) => n < 1 || n > partCount);
  if (bad !== undefined)
    throw new AppError("validation_failed", `${field}: ${bad} is outside 1–${partCount}`, {
      field,
    });
  const ttl = services.config.UPLOAD_URL_TTL_SECONDS;
  return Promise.all(
    [...new Set(partNumbers)].map(async (partNumber) => ({
      partNumber,
      url: await services.objects.presignUploadPart(
        key,
        uploadId,
        partNumber,
        ttl,
        plannedPartSize(video.upload, partNumber),
      ),
    })),
  );
}

/** The parts storage already holds (ListParts): where an interrupted upload resumes. */
export async function storedParts(services: Services, video: VideoRecord): Promise<StoredPart[]> {
  const { key, uploadId } = multipartOf(video);
  const parts = await services.objects.listParts(key, uploadId);
  if (parts === null) throw new AppError("invalid_state", "The multipart upload no longer exists");
  return parts;
}

/** Aborts the upload; the video is marked failed (nothing can be uploaded to it any more). */
export async function abortUpload(services: Services, video: VideoRecord): Promise<void> {
  if (video.state !== "awaiting_upload")
    throw new AppError("invalid_state", `Nothing to abort: the video is ${video.state}`);
  if (video.upload.type === "multipart" && video.upload.uploadId)
    await services.objects.abortMultipart(video.upload.key, video.upload.uploadId);
  else await services.objects.deleteObject(video.upload.key);
  await services.videos.failUpload(video, {
    reason: "upload_aborted",
    message: "Upload aborted by the user",
  });
}
