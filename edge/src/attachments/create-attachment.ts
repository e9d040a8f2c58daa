import { videoOutputPrefix } from "@coursecast/shared";
import { AppError } from "../errors.ts";
import type { PresignedRequest } from "../ports/object-store.ts";
import type { Services } from "../ports/services.ts";
import type { Attachment, VideoRecord } from "../domain/video.ts";
import { checkAttachmentCaps } from "./check-attachment.ts";

const KINDS = {
  pdf: { types: ["application/pdf"], extension: "pdf" },
  thumbnail: { types: ["image/jpeg", "image/png", "image/webp"], extension: "img" },
} as const;

export type AttachmentKind = keyof typeof KINDS;

export interface NewAttachment {
  kind: AttachmentKind;
  filename: string;
  size: number;
  contentType: string;
}

/**
 * Records an attachment and returns a presigned PUT for it. The key is generated
 * (never taken from the file name); type and size are signed into the URL, so
 * storage refuses anything else.
 */
export async function createAttachment(
  services: Services,
  video: VideoRecord,
  input: NewAttachment,
): Promise<{ attachment: Attachment; upload: PresignedRequest & { expiresAt: string } }> {
  const { config } = services;
  const kind = KINDS[input.kind];
  if (!(kind.types as readonly string[]).includes(input.contentType)) {
    throw new AppError(
      "unsupported_media_type",
      `contentType: a ${input.kind} must be ${kind.types.join(" or ")}`,
      { field: "contentType" },
    );
  }
  if (input.size > config.MAX_ATTACHMENT_BYTES) {
    throw new AppError("payload_too_large", `size: at most ${config.MAX_ATTACHMENT_BYTES} bytes`, {
      field: "size",
    });
  }
  checkAttachmentCaps(services, video, input.size);
  const id = crypto.randomUUID();
  const attachment: Attachment = {
    id,
    kind: input.kind,
    filename: input.filename,
    size: input.size,
    contentType: input.contentType,
    key: `${videoOutputPrefix(video._id)}attachments/${id}.${kind.extension}`,
    createdAt: new Date().toISOString(),
  };
  const upload = await services.objects.presignPut(attachment.key, {
    contentType: input.contentType,
    contentLength: input.size,
    expiresIn: config.UPLOAD_URL_TTL_SECONDS,
  });
  const added = await services.videos.addAttachment(video, attachment);
  if (!added) throw new AppError("not_found", "No such video");
  return {
    attachment,
    upload: {
      ...upload,
      expiresAt: new Date(Date.now() + config.UPLOAD_URL_TTL_SECONDS * 1000).toISOString(),
    },
  };
}
