import { open } from "node:fs/promises";
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

/** Magic numbers of media containers: a file that starts like one but cannot be read was cut off. */
const MEDIA_SIGNATURES: Array<(head: Buffer) => boolean> = [
  (h) => ["ftyp", "moov", "mdat", "free", "wide", "skip"].includes(h.toString("latin1", 4, 8)),
  (h) => h.readUInt32BE(0) === 0x1a45dfa3, // Matroska / WebM (EBML)
  (h) => ["RIFF", "OggS", "fLaC", "ID3\u0003", "ID3\u0004"].includes(h.toString("latin1", 0, 4)),
  (h) => h[0] === 0x47 && h.length > 188 && h[188] === 0x47, // MPEG-TS sync bytes
];

async function startsLikeMedia(path: string): Promise<boolean> {
  const file = await open(path, "r");
  try {
    const head = Buffer.alloc(200);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return bytesRead >= 12 && MEDIA_SIGNATURES.some((test) => test(head.subarray(0, bytesRead)));
  } finally {
    await file.close();
  }
}

/** ffprobe could not read the file at all: cut off, or not media in the first place. */
export async function probeFailure(path: string, err: unknown): Promise<InputRejectedError> {
  const diagnostic = err instanceof ToolFailedError ? err.stderr : String(err);
  const media = await startsLikeMedia(path).catch(() => false);
  const cause = PROBE_CAUSES.find(
    (c) => c.pattern.test(diagnostic) && (c.reason !== "corrupt" || media),
  );
  return new InputRejectedError(
    cause?.reason ?? "not_video",
    cause?.message ??
      (media
        ? "The recording could not be read: it may be damaged. Re-export it or upload it again."
        : "This is not a video file (or not one in a format we can read)."),
    diagnostic,
  );
}

/** ffmpeg stopped part way through a file ffprobe accepted: a damaged recording. */
export function decodeFailure(err: unknown): InputRejectedError {
  const diagnostic = err instanceof ToolFailedError ? `${err.message}\n${err.stderr}` : String(err);
  const at = err instanceof ToolFailedError ? err.reachedSeconds : 0;
  if (/No space left on device/i.test(diagnostic))
    return new InputRejectedError(
      "insufficient_disk",
      "The transcoder ran out of disk space while processing this file.",
      diagnostic,
    );
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
