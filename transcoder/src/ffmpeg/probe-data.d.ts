/**
 * The parts of ffprobe's JSON (`-show_format -show_streams`) the pipeline reads,
 * validated at the boundary. ffprobe prints numbers as strings in some fields and
 * leaves out what it does not know, so every field is optional.
 */
import { z } from "zod";
export declare const ProbeStreamSchema: z.ZodObject<{
    index: z.ZodNumber;
    codec_type: z.ZodOptional<z.ZodString>;
    codec_name: z.ZodOptional<z.ZodString>;
    profile: z.ZodOptional<z.ZodString>;
    level: z.ZodOptional<z.ZodNumber>;
    width: z.ZodOptional<z.ZodNumber>;
    height: z.ZodOptional<z.ZodNumber>;
    pix_fmt: z.ZodOptional<z.ZodString>;
    sample_aspect_ratio: z.ZodOptional<z.ZodString>;
    field_order: z.ZodOptional<z.ZodString>;
    color_transfer: z.ZodOptional<z.ZodString>;
    color_primaries: z.ZodOptional<z.ZodString>;
    r_frame_rate: z.ZodOptional<z.ZodString>;
    avg_frame_rate: z.ZodOptional<z.ZodString>;
    start_time: z.ZodOptional<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>>;
    duration: z.ZodOptional<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>>;
    bit_rate: z.ZodOptional<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>>;
    nb_frames: z.ZodOptional<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>>;
    channels: z.ZodOptional<z.ZodNumber>;
    disposition: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodNumber>>;
    tags: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodString>>;
    side_data_list: z.ZodOptional<z.ZodArray<z.ZodObject<{
        side_data_type: z.ZodOptional<z.ZodString>;
        rotation: z.ZodOptional<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>>;
    }, z.core.$loose>>>;
}, z.core.$loose>;
export type ProbeStream = z.infer<typeof ProbeStreamSchema>;
export declare const ProbeDataSchema: z.ZodObject<{
    streams: z.ZodDefault<z.ZodArray<z.ZodObject<{
        index: z.ZodNumber;
        codec_type: z.ZodOptional<z.ZodString>;
        codec_name: z.ZodOptional<z.ZodString>;
        profile: z.ZodOptional<z.ZodString>;
        level: z.ZodOptional<z.ZodNumber>;
        width: z.ZodOptional<z.ZodNumber>;
        height: z.ZodOptional<z.ZodNumber>;
        pix_fmt: z.ZodOptional<z.ZodString>;
        sample_aspect_ratio: z.ZodOptional<z.ZodString>;
        field_order: z.ZodOptional<z.ZodString>;
        color_transfer: z.ZodOptional<z.ZodString>;
        color_primaries: z.ZodOptional<z.ZodString>;
        r_frame_rate: z.ZodOptional<z.ZodString>;
        avg_frame_rate: z.ZodOptional<z.ZodString>;
        start_time: z.ZodOptional<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>>;
        duration: z.ZodOptional<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>>;
        bit_rate: z.ZodOptional<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>>;
        nb_frames: z.ZodOptional<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>>;
        channels: z.ZodOptional<z.ZodNumber>;
        disposition: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodNumber>>;
        tags: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodString>>;
        side_data_list: z.ZodOptional<z.ZodArray<z.ZodObject<{
            side_data_type: z.ZodOptional<z.ZodString>;
            rotation: z.ZodOptional<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>>;
        }, z.core.$loose>>>;
    }, z.core.$loose>>>;
    format: z.ZodDefault<z.ZodObject<{
        format_name: z.ZodOptional<z.ZodString>;
        duration: z.ZodOptional<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>>;
        start_time: z.ZodOptional<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>>;
        bit_rate: z.ZodOptional<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>>;
    }, z.core.$loose>>;
}, z.core.$strip>;
export type ProbeData = z.infer<typeof ProbeDataSchema>;
/** One ffprobe of the file's container and streams. */
export declare function probeStreams(path: string): Promise<ProbeData>;
/** Presentation time of every keyframe of the first video stream (only keyframes are decoded). */
export declare function probeKeyframeTimes(path: string): Promise<number[]>;
/**
 * How far the file's packets really reach, in seconds: for containers that carry
 * no duration (a browser's MediaRecorder WebM). Packets are read, not decoded.
 */
export declare function probePacketEnd(path: string, streamIndex: number): Promise<number>;
/**
 * Bytes of the first video stream's packets presented in [start, start + seconds):
 * what the file spends on that span. Only packets near the span are read.
 */
export declare function probeVideoBytes(path: string, startSeconds: number, seconds: number): Promise<number>;
