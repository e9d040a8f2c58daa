import { join } from "node:path";
import { runFfmpeg } from "../ffmpeg/runner.ts";
import type { ProbeData } from "../ffmpeg/probe-data.ts";
import { sourceDuration } from "./source-duration.ts";

/** The picture an audio-only lecture is shown with: its waveform, at 360p. */
const PICTURE = { width: 640, height: 360, fps: 5, colour: "0x3b82f6" };

/** A podcast or voice-over (`.m4a`, `.mp3`): audio and no picture (cover art does not count). */
export function isAudioOnly(probed: ProbeData): boolean {
  const streams = probed.streams.filter((s) => s.disposition?.attached_pic !== 1);
  return (
    streams.some((s) => s.codec_type === "audio") && !streams.some((s) => s.codec_type === "video")
  );
}

/**
 * An audio-only source becomes a still picture of its waveform carrying the audio
 * as it is (stream copy): then the ladder makes the audio HLS rendition, the MP3,
 * a poster (the waveform) and one small picture rung exactly as for a video, and
 * every player and API field works unchanged. Written in `scratchDir`.
 */
export async function withWaveformPicture(
  source: string,
  probed: ProbeData,
  scratchDir: string,
): Promise<string> {
  const audio = probed.streams.find((s) => s.codec_type === "audio")!;
  // The looped picture would run on past the audio with -shortest alone.
  const seconds = await sourceDuration(source, audio, undefined);
  const picture = join(scratchDir, "waveform.png");
  const carrier = join(scratchDir, "audio-with-waveform.mkv");
  const size = `${PICTURE.width}x${PICTURE.height}`;
  await runFfmpeg({
    inputs: [{ path: source }],
    complexFilter: `[0:a:0]showwavespic=s=${size}:split_channels=0:colors=${PICTURE.colour}[wave]`,
    outputs: [{ path: picture, options: ["-map", "[wave]", "-frames:v", "1"] }],
  });
  await runFfmpeg({
    inputs: [
      { path: picture, options: ["-loop", "1", "-framerate", String(PICTURE.fps)] },
      { path: source },
    ],
    outputs: [
      {
        path: carrier,
        options: [
          ...["-map", "0:v", "-map", "1:a:0", "-t", seconds.toFixed(3)],
          ...["-c:v", "libx264", "-preset", "ultrafast", "-tune", "stillimage"],
          ...["-pix_fmt", "yuv420p", "-c:a", "copy"],
        ],
      },
    ],
  });
  return carrier;
}
