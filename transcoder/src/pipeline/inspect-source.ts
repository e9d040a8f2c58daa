import { stat } from "node:fs/promises";
import { InputRejectedError } from "../errors.ts";
import { probe } from "../ffmpeg/runner.ts";

export interface SourceInfo {
  durationSeconds: number;
  width: number;
  height: number;
  fps: number;
  hasAudio: boolean;
  videoCodec: string;
}

function parseRate(rate: string | undefined): number {
  const [num, den] = (rate ?? "").split("/").map(Number);
  const fps = den ? (num ?? 0) / den : (num ?? 0);
  return Number.isFinite(fps) && fps > 0 && fps <= 240 ? fps : 30;
}

/** ffprobe the source; anything unusable becomes a reason code, never a retry. */
export async function inspectSource(path: string, maxDurationSeconds: number): Promise<SourceInfo> {
  if ((await stat(path)).size === 0)
    throw new InputRejectedError("empty", "The uploaded file is empty");
  let data;
  try {
    data = await probe(path);
  } catch (err) {
    throw new InputRejectedError(
      "not_video",
      `Not a media file ffprobe can read: ${(err as Error).message.split("\n")[0]}`,
    );
  }
  const video = data.streams.find(
    (s) => s.codec_type === "video" && s.disposition?.attached_pic !== 1,
  );
  if (!video) throw new InputRejectedError("not_video", "The file has no video stream");
  const width = Number(video.width);
  const height = Number(video.height);
  // Rotation metadata: a portrait phone video is stored landscape with a rotate tag.
  const rotation = Math.abs(
    Number((video.tags as Record<string, string> | undefined)?.rotate ?? 0),
  );
  const [w, h] = rotation === 90 || rotation === 270 ? [height, width] : [width, height];
  const duration = Number(data.format.duration ?? video.duration);
  if (!w || !h) throw new InputRejectedError("corrupt", "The video stream has no dimensions");
  if (!Number.isFinite(duration) || duration <= 0)
    throw new InputRejectedError("corrupt", "The file has no readable duration (truncated?)");
  if (duration > maxDurationSeconds)
    throw new InputRejectedError(
      "too_long",
      `The video is ${Math.round(duration)} s long; the limit is ${maxDurationSeconds} s`,
    );
  return {
    durationSeconds: duration,
    width: w,
    height: h,
    fps: parseRate(video.avg_frame_rate ?? video.r_frame_rate),
    hasAudio: data.streams.some((s) => s.codec_type === "audio"),
    videoCodec: video.codec_name ?? "unknown",
  };
}
