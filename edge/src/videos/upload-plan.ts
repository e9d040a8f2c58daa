import type { Config } from "../config.ts";
import { AppError } from "../errors.ts";

const MiB = 1024 * 1024;
export const MIN_PART_BYTES = 5 * MiB;
const DEFAULT_PART_BYTES = 8 * MiB;
const MAX_PARTS = 10_000;

export interface UploadDeclaration {
  filename: string;
  size: number;
  contentType: string;
  /** Ask for a multipart upload below the single-PUT threshold (resumable). */
  multipart?: boolean;
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

/** Multipart part size: 8 MiB, or larger so that the file fits in 10,000 parts. */
export function partSizeFor(size: number): number {
  return Math.max(DEFAULT_PART_BYTES, Math.ceil(size / MAX_PARTS / MiB) * MiB);
}

export function usesMultipart(config: Config, declared: UploadDeclaration): boolean {
  return (
    declared.size > config.SINGLE_UPLOAD_MAX_BYTES ||
    (declared.multipart === true && declared.size > MIN_PART_BYTES)
  );
}
