import { type ProbeData } from "../ffmpeg/probe-data.ts";
/**
 * The one description of a source, made from a single ffprobe and passed to every
 * step: nothing downstream probes the source again.
 */
export interface SourceInfo {
    durationSeconds: number;
    /** Displayed size: rotation applied, square pixels. */
    width: number;
    height: number;
    /** The constant rate the rungs are encoded at (see frame-rate.ts). */
    fps: number;
    hasAudio: boolean;
    videoCodec: string;
    video: {
        /** As stored, before rotation and pixel aspect. */
        codedWidth: number;
        codedHeight: number;
        /** Clockwise degrees the player must turn the picture: 0, 90, 180 or 270. */
        rotation: number;
        sampleAspect: number;
        pixFmt: string;
        bitrate: number;
        profile: string;
        level: number;
        nominalFps: number;
        averageFps: number;
        variableRate: boolean;
        /** Interlaced: the stream says so (`interlaceFlagged`) or the detector found combing. */
        interlaced: boolean;
        interlaceFlagged: boolean;
        /** PQ or HLG transfer: tone-mapped to SDR BT.709. */
        hdr: boolean;
        startSeconds: number;
    };
    /** The audio track used (index among the audio streams, for `0:a:N`), or null. */
    audio: {
        track: number;
        codec: string;
        startSeconds: number;
    } | null;
    /** Subtitle tracks, in order (`0:s:N`). */
    subtitles: Array<{
        codec: string;
        language: string;
    }>;
    /** Keyframe times, probed only when the top rung might be stream-copied. */
    keyframeTimes: number[];
}
/** ffprobe a file; an unreadable one becomes a reason code with a plain message. */
export declare function probeSource(path: string): Promise<ProbeData>;
/**
 * Describes the source from one ffprobe (`probed`, when the caller already has
 * it); anything unusable becomes a reason code, never a retry.
 */
export declare function inspectSource(path: string, maxDurationSeconds: number, probed?: ProbeData): Promise<SourceInfo>;
/** Only an upright, square-pixel, progressive, constant-rate SDR H.264 source can be copied. */
export declare function mightCopy(info: SourceInfo): boolean;
