import { InputRejectedError } from "../errors.ts";
import { probePacketEnd, type ProbeStream } from "../ffmpeg/probe-data.ts";

/** A stream's own length: its `duration`, or Matroska's `DURATION` tag (`00:01:02.500000000`). */
function streamSeconds(stream: ProbeStream | undefined): number {
  if (!stream) return 0;
  const direct = Number(stream.duration);
  if (Number.isFinite(direct) && direct > 0) return direct + (Number(stream.start_time) || 0);
  const tag = stream.tags?.DURATION ?? stream.tags?.duration;
  const match = /^(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(tag ?? "");
  return match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) : 0;
}

/**
 * How long the source is, from its streams: a container header can claim hours
 * for a 5 s file. When no stream says (a browser's MediaRecorder WebM), the video
 * packets are read to their end.
 */
export async function sourceDuration(
  path: string,
  video: ProbeStream,
  audio: ProbeStream | undefined,
): Promise<number> {
  let seconds = Math.max(streamSeconds(video), streamSeconds(audio));
  if (!(seconds > 0)) seconds = await probePacketEnd(path, video.index).catch(() => 0);
  if (!(seconds > 0))
    throw new InputRejectedError(
      "corrupt",
      "No part of the video could be read: re-export it or upload it again.",
    );
  return seconds;
}
