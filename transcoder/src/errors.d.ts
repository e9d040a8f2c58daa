import type { FailureReason } from "@coursecast/shared";
/**
 * Bad input: reported as `failed` with its reason and acked, never retried. The
 * message is for the uploader; `diagnostic` (ffmpeg's own words) is for the logs.
 */
export declare class InputRejectedError extends Error {
    readonly reason: FailureReason;
    readonly diagnostic: string | undefined;
    constructor(reason: FailureReason, message: string, diagnostic?: string);
}
/** ffmpeg or ffprobe exited with an error: its stderr tail and how far it got. */
export declare class ToolFailedError extends Error {
    readonly tool: "ffmpeg" | "ffprobe";
    readonly stderr: string;
    /** Seconds of output written before it failed. */
    readonly reachedSeconds: number;
    constructor(tool: "ffmpeg" | "ffprobe", message: string, detail: {
        stderr: string;
        reachedSeconds: number;
    });
}
/** The edge answered 410: the video was deleted, stop and clean up. */
export declare class VideoGoneError extends Error {
    constructor(videoId: string);
}
/** The job was cancelled (SIGTERM on a spot VM): hand it back to the broker. */
export declare class JobCancelledError extends Error {
    constructor();
}
