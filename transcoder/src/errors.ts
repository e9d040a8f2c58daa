import type { FailureReason } from "@coursecast/shared";

/**
 * Bad input: reported as `failed` with its reason and acked, never retried. The
 * message is for the uploader; `diagnostic` (ffmpeg's own words) is for the logs.
 */
export class InputRejectedError extends Error {
  readonly reason: FailureReason;
  readonly diagnostic: string | undefined;
  constructor(reason: FailureReason, message: string, diagnostic?: string) {
    super(message);
    this.name = "InputRejectedError";
    this.reason = reason;
    this.diagnostic = diagnostic;
  }
}

/** ffmpeg or ffprobe exited with an error: its stderr tail and how far it got. */
export class ToolFailedError extends Error {
  readonly tool: "ffmpeg" | "ffprobe";
  readonly stderr: string;
  /** Seconds of output written before it failed. */
  readonly reachedSeconds: number;
  constructor(
    tool: "ffmpeg" | "ffprobe",
    message: string,
    detail: { stderr: string; reachedSeconds: number },
  ) {
    super(message);
    this.name = "ToolFailedError";
    this.tool = tool;
    this.stderr = detail.stderr;
    this.reachedSeconds = detail.reachedSeconds;
  }
}

/** The edge answered 410: the video was deleted, stop and clean up. */
export class VideoGoneError extends Error {
  constructor(videoId: string) {
    super(`video ${videoId} was deleted`);
    this.name = "VideoGoneError";
  }
}

/** The job was cancelled (SIGTERM on a spot VM): hand it back to the broker. */
export class JobCancelledError extends Error {
  constructor() {
    super("job cancelled");
    this.name = "JobCancelledError";
  }
}
