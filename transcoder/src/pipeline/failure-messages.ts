import type { FailureReason } from "@coursecast/shared";
import { InputRejectedError, ToolFailedError } from "../errors.ts";

/** ffmpeg's words for the common causes, and what they mean to the person who uploaded. */
const PROBE_CAUSES: Array<{ pattern: RegExp; reason: FailureReason; message: string }> = [
  {
    pattern: /moov atom not found|Truncating packet|partial file|End of file/i,
    reason: "corrupt",
    message: "The file was cut off before the end: re-export it or upload it again.",
  },
  {
    pattern: /EBML header parsing failed|Invalid data found when processing input/i,
    reason: "not_video",
    message: "This is not a video file (or not one in a format we can read).",
  },
];

/** `m:ss` (or `h:mm:ss`) for a message a person reads. */
export function clockTime(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** ffprobe could not read the file at all. */
export function probeFailure(err: unknown): InputRejectedError {
  const diagnostic = err instanceof ToolFailedError ? err.stderr : String(err);
  const cause = PROBE_CAUSES.find((c) => c.pattern.test(diagnostic));
  return new InputRejectedError(
    cause?.reason ?? "not_video",
    cause?.message ?? "This file could not be read as a video or audio recording.",
    diagnostic,
  );
}

/** ffmpeg stopped part way through a file ffprobe accepted: a damaged recording. */
export function decodeFailure(err: unknown): InputRejectedError {
  const diagnostic =
    err instanceof ToolFailedError ? `${err.message}\n${err.stderr}` : String(err);
  const at = err instanceof ToolFailedError ? err.reachedSeconds : 0;
  return new InputRejectedError(
    "corrupt",
    `The recording is unreadable from ${clockTime(at)}: re-export it or upload it again.`,
    diagnostic,
  );
}

/** Less of the file decoded than its header claims: the upload was cut short. */
export function truncatedFailure(readableSeconds: number, claimedSeconds: number) {
  return new InputRejectedError(
    "corrupt",
    `The file was cut off before the end: only ${clockTime(readableSeconds)} of ${clockTime(claimedSeconds)} could be read. Re-export it or upload it again.`,
  );
}
