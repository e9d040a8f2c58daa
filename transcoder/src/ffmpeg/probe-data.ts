/**
 * The parts of ffprobe's JSON (`-show_format -show_streams`) the pipeline reads,
 * validated at the boundary. ffprobe prints numbers as strings in some fields and
 * leaves out what it does not know, so every field is optional.
 */
import { z } from "zod";
import { runFfprobe } from "./runner.ts";

const numeric = z.union([z.string(), z.number()]).optional();

const SideDataSchema = z.looseObject({
  side_data_type: z.string().optional(),
  rotation: numeric,
});

export const ProbeStreamSchema = z.looseObject({
  index: z.number(),
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  profile: z.string().optional(),
  level: z.number().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  pix_fmt: z.string().optional(),
  sample_aspect_ratio: z.string().optional(),
  field_order: z.string().optional(),
  color_transfer: z.string().optional(),
  color_primaries: z.string().optional(),
  r_frame_rate: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  start_time: numeric,
  duration: numeric,
  bit_rate: numeric,
  nb_frames: numeric,
  channels: z.number().optional(),
  disposition: z.record(z.string(), z.number()).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  side_data_list: z.array(SideDataSchema).optional(),
});
export type ProbeStream = z.infer<typeof ProbeStreamSchema>;

export const ProbeDataSchema = z.object({
  streams: z.array(ProbeStreamSchema).default([]),
  format: z
    .looseObject({
      format_name: z.string().optional(),
      duration: numeric,
      start_time: numeric,
      bit_rate: numeric,
    })
    .default({}),
});
export type ProbeData = z.infer<typeof ProbeDataSchema>;

/** One ffprobe of the file's container and streams. */
export async function probeStreams(path: string): Promise<ProbeData> {
  return ProbeDataSchema.parse(await runFfprobe(path, ["-show_format", "-show_streams"]));
}

/**
 * Presentation time of every keyframe of the first video stream, from the packets'
 * key flags: read, not decoded (decoding the keyframes of an hour of 1080p took 13 CPU
 * seconds; reading its packets, under one), and the flag is what the HLS muxer cuts at.
 */
export async function probeKeyframeTimes(path: string): Promise<number[]> {
  const data = (await runFfprobe(path, [
    "-select_streams",
    "v:0",
    "-show_entries",
    "packet=pts_time,flags",
  ])) as { packets?: Array<{ pts_time?: string; flags?: string }> };
  return (data.packets ?? [])
    .filter((p) => p.flags?.startsWith("K"))
    .map((p) => Number(p.pts_time))
    .filter((t) => Number.isFinite(t))
    .sort((a, b) => a - b);
}

/**
 * How far the file's packets really reach, in seconds: for containers that carry
 * no duration (a browser's MediaRecorder WebM). Packets are read, not decoded.
 */
export async function probePacketEnd(path: string, streamIndex: number): Promise<number> {
  const data = (await runFfprobe(path, [
    "-select_streams",
    String(streamIndex),
    "-show_entries",
    "packet=pts_time,duration_time",
  ])) as { packets?: Array<{ pts_time?: string; duration_time?: string }> };
  let end = 0;
  for (const packet of data.packets ?? []) {
    const at = Number(packet.pts_time) + (Number(packet.duration_time) || 0);
    if (Number.isFinite(at)) end = Math.max(end, at);
  }
  return end;
}

/**
 * Bytes of the first video stream's packets presented in [start, start + seconds):
 * what the file spends on that span. Only packets near the span are read.
 */
export async function probeVideoBytes(
  path: string,
  startSeconds: number,
  seconds: number,
): Promise<number> {
  const data = (await runFfprobe(path, [
    ...["-select_streams", "v:0", "-read_intervals", `${startSeconds}%+${seconds + 1}`],
    ...["-show_entries", "packet=pts_time,size"],
  ])) as { packets?: Array<{ pts_time?: string; size?: string }> };
  // Half a millisecond of slack: timestamps on a 90 kHz or 1/15360 clock print rounded.
  const from = startSeconds - 0.0005;
  const to = startSeconds + seconds - 0.0005;
  let bytes = 0;
  for (const packet of data.packets ?? []) {
    const at = Number(packet.pts_time);
    if (at >= from && at < to) bytes += Number(packet.size) || 0;
  }
  return bytes;
}
