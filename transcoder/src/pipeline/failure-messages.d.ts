import { InputRejectedError } from "../errors.ts";
/** `m:ss` (or `h:mm:ss`) for a message a person reads. */
export declare function clockTime(seconds: number): string;
/** ffprobe could not read the file at all: cut off, or not media in the first place. */
export declare function probeFailure(path: string, err: unknown): Promise<InputRejectedError>;
/** ffmpeg stopped part way through a file ffprobe accepted: a damaged recording. */
export declare function decodeFailure(err: unknown): InputRejectedError;
/** Less of the file decoded than its header claims: the upload was cut short. */
export declare function truncatedFailure(readableSeconds: number, claimedSeconds: number): InputRejectedError;
