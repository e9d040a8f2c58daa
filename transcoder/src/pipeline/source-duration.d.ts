import { type ProbeStream } from "../ffmpeg/probe-data.ts";
/**
 * How long the source is, from its streams: a container header can claim hours
 * for a 5 s file. When no stream says (a browser's MediaRecorder WebM), the video
 * packets are read to their end.
 */
export declare function sourceDuration(path: string, video: ProbeStream, audio: ProbeStream | undefined): Promise<number>;
