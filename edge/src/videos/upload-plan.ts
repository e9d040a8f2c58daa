import type { Config } from "../config.ts";
import { AppError } from "../errors.ts";

const MiB = 1024 * 1024;
/** S3's bounds for every part but the last. */
export const MIN_PART_BYTES = 5 * MiB;
export const MAX_PART_BYTES = 5 * 1024 * MiB;
const DEFAULT_PART_BYTES = 8 * MiB;

export interface UploadDeclaration {
  filename: string;
  size: number;
  contentType: string;
  /** Ask for a multipart upload below the single-PUT threshold (resumable). */
  multipart?: boolean;
  /** The client's own part size (Uppy picks its chunk size before the upload exists). */
  partSize?: number;
}

/** Limits are config (README): too large → 413, type not allowed → 415, each naming the field. */
export function checkUploadLimits(config: Config, declared: UploadDeclaration): void {
  if (declared.size > config.MAX_UPLOAD_BYTES) {
    throw new AppError("payload_too_large", `size: at most ${config.MAX_UPLOAD_BYTES} bytes`, {
      field: "size",
    });
  }
  if (!config.ALLOWED_VIDEO_TYPES.includes(declared.contentType)) {
    throw new AppError(
      "unsupported_media_type",
      `contentType: one of ${config.ALLOWED_VIDEO_TYPES.join(", ")}`,
      { field: "contentType" },
    );
  }
}

/**
 * Multipart part size: the client's proposal (its bounds are checked by the schema)
 * if the file fits in MAX_UPLOAD_PARTS parts of it, else 8 MiB or larger so that it does.
 */
export function partSizeFor(config: Config, declared: UploadDeclaration): number {
  const maxParts = config.MAX_UPLOAD_PARTS;
  if (declared.partSize === undefined)
    return Math.max(DEFAULT_PART_BYTES, Math.ceil(declared.size / maxParts / MiB) * MiB);
  const parts = Math.ceil(declared.size / declared.partSize);
  if (parts > maxParts)
    throw new AppError(
      "validation_failed",
      `partSize: ${declared.partSize} bytes makes ${parts} parts, at most ${maxParts} are allowed`,
      { field: "partSize" },
    );
  return declared.partSize;
}

export function usesMultipart(config: Config, declared: UploadDeclaration): boolean {
  return (
    declared.size > config.SINGLE_UPLOAD_MAX_BYTES ||
    (declared.multipart === true && declared.size > MIN_PART_BYTES)
  );
}
