import { uploadKey } from "@coursecast/shared";
import type { AuthUser } from "../domain/auth-user.ts";
import { courseForUpload } from "../courses/place-lecture.ts";
import type { Services } from "../ports/services.ts";
import {
  checkUploadLimits,
  partSizeFor,
  usesMultipart,
  type UploadDeclaration,
} from "./upload-plan.ts";
import type { VideoRecord } from "../domain/video.ts";

export interface NewVideo extends UploadDeclaration {
  title: string;
  description?: string;
  /** A course the caller manages; without it, the caller's Unsorted course. */
  courseId?: string;
}

export type UploadInstructions =
  | {
      type: "single";
      method: "PUT";
      url: string;
      headers: Record<string, string>;
      expiresAt: string;
    }
  | { type: "multipart"; partSize: number; partCount: number; expiresAt: string };

/** Records the video and tells the browser how to upload it straight to storage. */
export async function createVideo(
  services: Services,
  user: AuthUser,
  input: NewVideo,
): Promise<{ video: VideoRecord; upload: UploadInstructions }> {
  const { config } = services;
  checkUploadLimits(config, input);
  const courseId = await courseForUpload(services, user, input.courseId);
  const id = crypto.randomUUID();
  const key = uploadKey(id);
  const now = new Date();
  const deadline = new Date(now.getTime() + config.UPLOAD_DEADLINE_SECONDS * 1000).toISOString();
  const multipart = usesMultipart(config, input);
  const partSize = multipart ? partSizeFor(config, input) : undefined;
  const video: VideoRecord = {
    _id: id,
    ownerId: user.id,
    courseId,
    title: input.title,
    description: input.description ?? "",
    state: "awaiting_upload",
    progress: 0,
    upload: {
      type: multipart ? "multipart" : "single",
      key,
      size: input.size,
      contentType: input.contentType,
      filename: input.filename,
      expiresAt: deadline,
      ...(partSize ? { partSize, partCount: Math.ceil(input.size / partSize) } : {}),
    },
    jobAttempt: 0,
    attachments: [],
    notifications: [],
    appliedEventIds: [],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  if (multipart)
    video.upload.uploadId = await services.objects.createMultipart(key, input.contentType);
  try {
    await services.videos.create(video);
  } catch (err) {
    // Nothing half-made: without its record, the storage upload would only wait
    // for the bucket's lifecycle rule. A failed abort is left to that rule.
    if (video.upload.uploadId)
      await services.objects.abortMultipart(key, video.upload.uploadId).catch(() => undefined);
    throw err;
  }
  if (multipart) {
    return {
      video,
      upload: {
        type: "multipart",
        partSize: partSize!,
        partCount: video.upload.partCount!,
        expiresAt: deadline,
      },
    };
  }
  const put = await services.objects.presignPut(key, {
    contentType: input.contentType,
    contentLength: input.size,
    expiresIn: config.UPLOAD_URL_TTL_SECONDS,
  });
  const expiresAt = new Date(now.getTime() + config.UPLOAD_URL_TTL_SECONDS * 1000).toISOString();
  return {
    video,
    upload: { type: "single", method: "PUT", url: put.url, headers: put.headers, expiresAt },
  };
}
