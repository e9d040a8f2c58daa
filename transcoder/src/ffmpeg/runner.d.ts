export interface FfmpegOutput {
    path: string;
    options: string[];
}
export interface FfmpegRun {
    inputs: Array<{
        path: string;
        options?: string[];
    }>;
    complexFilter?: string;
    outputs: FfmpegOutput[];
}
export interface RunOptions {
    /** Seconds of output produced so far. */
    onProgress?: (seconds: number) => void;
    signal?: AbortSignal;
}
/** Runs ffmpeg; resolves with the tail of its stderr (where filters like volumedetect report). */
export declare function runFfmpeg(run: FfmpegRun, options?: RunOptions): Promise<string>;
/**
 * ffprobe with JSON output: `args` choose what to show, `path` is the file. A
 * failure carries ffprobe's own diagnostic (the line that says what happened).
 */
export declare function runFfprobe(path: string, args: string[]): Promise<unknown>;
