import type { FailureReason } from "@coursecast/shared";

/** Bad input: reported as `failed` with its reason and acked, never retried. */
export class InputRejectedError extends Error {
  readonly reason: FailureReason;
  constructor(reason: FailureReason, message: string) {
    super(message);
    this.name = "InputRejectedError";
    this.reason = reason;
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
