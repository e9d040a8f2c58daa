import type { ProbeStream } from "../ffmpeg/probe-data.ts";
/**
 * The audio track to publish: the one flagged default, else the first that is
 * not silent (a camera's spare channel, a muted screen-recorder track), else the
 * first. A default track that is silent while another is not loses too: muxers
 * flag the first track default by themselves. `track` counts audio streams only
 * (`0:a:<track>`).
 */
export declare function chooseAudioTrack(path: string, streams: ProbeStream[]): Promise<{
    track: number;
    streamIndex: number;
} | null>;
