import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { SEGMENT_SECONDS } from "./output-layout.ts";
import type { PlannedRung } from "./plan-ladder.ts";

const run = promisify(execFile);

export interface StreamFacts {
  codec: string;
  pixFmt: string;
  bitrate: number;
  audioCodec: string | null;
  keyframeTimes: number[];
  /** RFC 6381 codecs string of the video, e.g. avc1.64001f (for the master playlist). */
  rfc6381: string;
}

const PROFILE_BYTES: Record<string, string> = {
  High: "6400",
  Main: "4d40",
  "Constrained Baseline": "42e0",
  Baseline: "4200",
};

function avc1(profile: string | undefined, level: string | undefined): string {
  const bytes = PROFILE_BYTES[profile ?? ""] ?? "6400";
  return `avc1.${bytes}${Number(level ?? 40)
    .toString(16)
    .padStart(2, "0")}`;
}

/** Codec, pixel format, bitrate and every keyframe time (keyframes only are decoded). */
export async function streamFacts(path: string): Promise<StreamFacts> {
  const probe = async (args: string[]) =>
    JSON.parse(
      (await run("ffprobe", ["-v", "error", "-of", "json", ...args, path], { maxBuffer: 64 << 20 }))
        .stdout,
    ) as Record<string, unknown>;
  const streams = (await probe(["-show_streams"])).streams as Array<Record<string, string>>;
  const video = streams.find((s) => s.codec_type === "video");
  const audio = streams.find((s) => s.codec_type === "audio");
  const frames = (
    await probe([
      "-select_streams",
      "v:0",
      "-skip_frame",
      "nokey",
      "-show_entries",
      "frame=pts_time",
    ])
  ).frames as Array<{ pts_time?: string }>;
  return {
    codec: video?.codec_name ?? "",
    pixFmt: video?.pix_fmt ?? "",
    bitrate: Number(video?.bit_rate ?? 0),
    audioCodec: audio?.codec_name ?? null,
    keyframeTimes: frames.map((f) => Number(f.pts_time)).filter((t) => Number.isFinite(t)),
    rfc6381: avc1(video?.profile, video?.level),
  };
}

/**
 * The source's video can be the top rung as is (stream copy, no encode — what Mux
 * calls "standard input") when it is H.264 4:2:0 at the rung's size, within its
 * bitrate cap, with AAC or no audio, and keyframes exactly on the 2 s segment grid,
 * so its segments line up with the encoded rungs.
 */
export function canCopyTopRung(
  facts: StreamFacts,
  top: PlannedRung,
  source: { width: number; height: number; fps: number; durationSeconds: number },
): boolean {
  if (facts.codec !== "h264" || facts.pixFmt !== "yuv420p") return false;
  if (facts.audioCodec !== null && facts.audioCodec !== "aac") return false;
  if (source.width !== top.width || source.height !== top.height) return false;
  if (!facts.bitrate || facts.bitrate > top.videoBitrate * 1.1) return false;
  const tolerance = 1 / source.fps / 2;
  const expected = Math.ceil(source.durationSeconds / SEGMENT_SECONDS - tolerance);
  const onGrid = facts.keyframeTimes.filter(
    (t) =>
      Math.abs(t / SEGMENT_SECONDS - Math.round(t / SEGMENT_SECONDS)) * SEGMENT_SECONDS <=
      tolerance,
  );
  const start = facts.keyframeTimes[0] ?? 1;
  return (
    Math.abs(start) <= tolerance &&
    onGrid.length === facts.keyframeTimes.length &&
    facts.keyframeTimes.length >= expected
  );
}
