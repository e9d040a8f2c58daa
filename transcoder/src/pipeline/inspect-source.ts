import { stat } from "node:fs/promises";
import { InputRejectedError } from "../errors.ts";
import {
  probeKeyframeTimes,
  probeStreams,
  type ProbeData,
  type ProbeStream,
} from "../ffmpeg/probe-data.ts";
import { mp4KeyframeTimes } from "../mp4/keyframe-index.ts";
import { probeFailure } from "./failure-messages.ts";
import { isVariableRate, outputFrameRate, parseRate } from "./frame-rate.ts";
import { chooseAudioTrack } from "./choose-audio-track.ts";
import { detectCombing } from "./detect-combing.ts";
import { sourceDuration } from "./source-duration.ts";

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
  audio: { track: number; codec: string; startSeconds: number } | null;
  /** Subtitle tracks, in order (`0:s:N`). */
  subtitles: Array<{ codec: string; language: string }>;
  /** Keyframe times, probed only when the top rung might be stream-copied. */
  keyframeTimes: number[];
}

function rotationOf(stream: ProbeStream): number {
  const matrix = stream.side_data_list?.find((d) => d.rotation !== undefined)?.rotation;
  const degrees = Number(matrix ?? stream.tags?.rotate ?? 0);
  const turned = Math.round((Number.isFinite(degrees) ? degrees : 0) / 90) * 90;
  return ((turned % 360) + 360) % 360;
}

function sampleAspectOf(stream: ProbeStream): number {
  const [num, den] = (stream.sample_aspect_ratio ?? "1:1").split(":").map(Number);
  const sar = num && den ? num / den : 1;
  return Number.isFinite(sar) && sar > 0 ? sar : 1;
}

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);
const startOf = (stream: ProbeStream | undefined) => Number(stream?.start_time ?? 0) || 0;

/** ffprobe a file; an unreadable one becomes a reason code with a plain message. */
export async function probeSource(path: string): Promise<ProbeData> {
  if ((await stat(path)).size === 0)
    throw new InputRejectedError("empty", "The uploaded file is empty.");
  return probeStreams(path).catch(async (err: unknown) => {
    throw await probeFailure(path, err);
  });
}

/**
 * Describes the source from one ffprobe (`probed`, when the caller already has
 * it); anything unusable becomes a reason code, never a retry.
 */
export async function inspectSource(
  path: string,
  maxDurationSeconds: number,
  probed?: ProbeData,
): Promise<SourceInfo> {
  const data = probed ?? (await probeSource(path));
  const video = data.streams.find(
    (s) => s.codec_type === "video" && s.disposition?.attached_pic !== 1,
  );
  if (!video)
    throw new InputRejectedError("not_video", "This file has no video in it, only other data.");
  const codedWidth = Number(video.width);
  const codedHeight = Number(video.height);
  if (!codedWidth || !codedHeight)
    throw new InputRejectedError(
      "corrupt",
      "The video track is unreadable (it has no picture size): re-export it or upload it again.",
    );
  const rotation = rotationOf(video);
  const sampleAspect = sampleAspectOf(video);
  const shownWidth =
    Math.abs(sampleAspect - 1) > 0.01 ? even(codedWidth * sampleAspect) : codedWidth;
  const [width, height] =
    rotation === 90 || rotation === 270 ? [codedHeight, shownWidth] : [shownWidth, codedHeight];
  const audio = await chooseAudioTrack(path, data.streams);
  const audioStream = audio ? data.streams[audio.streamIndex] : undefined;
  const durationSeconds = await sourceDuration(path, video, audioStream);
  if (durationSeconds > maxDurationSeconds)
    throw new InputRejectedError(
      "too_long",
      `The video is ${Math.round(durationSeconds)} s long; the limit is ${maxDurationSeconds} s.`,
    );
  const nominalFps = parseRate(video.r_frame_rate);
  const averageFps = parseRate(video.avg_frame_rate);
  const transfer = video.color_transfer ?? "";
  const flagged = ["tt", "bb", "tb", "bt"].includes(video.field_order ?? "");
  const info: SourceInfo = {
    durationSeconds,
    width,
    height,
    fps: outputFrameRate(nominalFps, averageFps),
    hasAudio: audio !== null,
    videoCodec: video.codec_name ?? "unknown",
    video: {
      codedWidth,
      codedHeight,
      rotation,
      sampleAspect,
      pixFmt: video.pix_fmt ?? "",
      bitrate: Number(video.bit_rate ?? 0) || 0,
      profile: video.profile ?? "",
      level: video.level ?? 0,
      nominalFps,
      averageFps,
      variableRate: isVariableRate(nominalFps, averageFps),
      interlaced: flagged,
      interlaceFlagged: flagged,
      hdr: transfer === "smpte2084" || transfer === "arib-std-b67",
      startSeconds: startOf(video),
    },
    audio: audio
      ? {
          track: audio.track,
          codec: audioStream?.codec_name ?? "",
          startSeconds: startOf(audioStream),
        }
      : null,
    subtitles: data.streams
      .filter((s) => s.codec_type === "subtitle")
      .map((s) => ({ codec: s.codec_name ?? "", language: s.tags?.language ?? "" })),
    keyframeTimes: [],
  };
  // Both read the source, over the network for a streamed job: side by side, the
  // keyframes only if all else allows a copy.
  const [combed, keyframeTimes] = await Promise.all([
    flagged ? false : detectCombing(path, durationSeconds),
    mightCopy(info) ? readKeyframeTimes(path) : [],
  ]);
  info.video.interlaced = flagged || combed;
  if (mightCopy(info)) info.keyframeTimes = keyframeTimes;
  return info;
}

/**
 * From an MP4 or MOV's index when it has one (a few ranges of the file), else from
 * every packet header (ffprobe reads the whole file); none when neither can be read.
 */
async function readKeyframeTimes(path: string): Promise<number[]> {
  return (await mp4KeyframeTimes(path)) ?? (await probeKeyframeTimes(path).catch(() => []));
}

/** Only an upright, square-pixel, progressive, constant-rate SDR H.264 source can be copied. */
export function mightCopy(info: SourceInfo): boolean {
  const v = info.video;
  return (
    info.videoCodec === "h264" &&
    v.rotation === 0 &&
    Math.abs(v.sampleAspect - 1) <= 0.01 &&
    !v.interlaced &&
    !v.hdr &&
    !v.variableRate &&
    v.nominalFps <= 60
  );
}
