import { AppError } from "../errors.ts";
import type { Services } from "../ports/services.ts";
import type { Attachment, VideoRecord } from "../domain/video.ts";

/** What each allowed type starts with, and the extension it is served with. */
const FORMATS: Record<string, { extension: string; matches: (head: Uint8Array) => boolean }> = {
  "application/pdf": {
    extension: "pdf",
    matches: (h) => startsWith(h, [0x25, 0x50, 0x44, 0x46, 0x2d]),
  },
  "image/jpeg": { extension: "jpg", matches: (h) => startsWith(h, [0xff, 0xd8, 0xff]) },
  "image/png": {
    extension: "png",
    matches: (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  "image/webp": {
    extension: "webp",
    matches: (h) =>
      startsWith(h, [0x52, 0x49, 0x46, 0x46]) &&
      startsWith(h.subarray(8), [0x57, 0x45, 0x42, 0x50]),
  },
};
const HEAD_BYTES = 16;

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/** Whether the stored bytes are of the declared type (magic numbers); false when missing. */
export async function attachmentBytesMatch(
  services: Services,
  attachment: Attachment,
): Promise<boolean> {
  const format = FORMATS[attachment.contentType];
  const head = await services.objects.readHead(attachment.key, HEAD_BYTES);
  return !!format && !!head && format.matches(head);
}

/** The name a download is saved as: the given name, with the extension of what it really is. */
export function attachmentDownloadName(attachment: Attachment): string {
  const extension = FORMATS[attachment.contentType]?.extension ?? "bin";
  const base = attachment.filename.replace(/\.[^./\\]{1,8}$/, "").trim() || attachment.kind;
  return `${base}.${extension}`;
}

/**
 * Completes an attachment upload: the bytes must be what the type says (a PDF
 * starts with `%PDF-`), else the object and the record are removed (422), so
 * HTML uploaded as a "pdf" is never served to students.
 */
export async function completeAttachment(
  services: Services,
  video: VideoRecord,
  attachment: Attachment,
): Promise<void> {
  if (await attachmentBytesMatch(services, attachment)) return;
  await services.objects.deleteObject(attachment.key);
  await services.videos.removeAttachment(video, attachment.id);
  throw new AppError(
    "upload_mismatch",
    `The uploaded file is not a ${attachment.contentType} file; it was removed`,
    { field: "contentType" },
  );
}

/** Per-video caps (count and total bytes), checked before a new attachment is signed. */
export function checkAttachmentCaps(services: Services, video: VideoRecord, size: number): void {
  const { config } = services;
  if (video.attachments.length >= config.MAX_ATTACHMENTS_PER_VIDEO)
    throw new AppError(
      "conflict",
      `A video has at most ${config.MAX_ATTACHMENTS_PER_VIDEO} attachments`,
    );
  const total = video.attachments.reduce((sum, a) => sum + a.size, 0) + size;
  if (total > config.MAX_ATTACHMENT_TOTAL_BYTES)
    throw new AppError(
      "payload_too_large",
      `size: a video's attachments total at most ${config.MAX_ATTACHMENT_TOTAL_BYTES} bytes`,
      { field: "size" },
    );
}
