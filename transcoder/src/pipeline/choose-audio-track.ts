import { runFfmpeg } from "../ffmpeg/runner.ts";
import type { ProbeStream } from "../ffmpeg/probe-data.ts";

/** Quieter than this over the first minute counts as a silent track. */
const SILENT_BELOW_DB = -60;
const LISTEN_SECONDS = 60;

async function isSilent(path: string, track: number): Promise<boolean> {
  const stderr = await runFfmpeg({
    inputs: [{ path, options: ["-t", String(LISTEN_SECONDS)] }],
    outputs: [
      { path: "-", options: ["-map", `0:a:${track}`, "-af", "volumedetect", "-f", "null"] },
    ],
  }).catch(() => "");
  const peak = Number(/max_volume:\s*(-?[\d.]+|-inf) dB/.exec(stderr)?.[1] ?? "-inf");
  return !(peak > SILENT_BELOW_DB);
}

/**
 * The audio track to publish: the one flagged default, else the first that is
 * not silent (a camera's spare channel, a muted screen-recorder track), else the
 * first. A default track that is silent while another is not loses too: muxers
 * flag the first track default by themselves. `track` counts audio streams only
 * (`0:a:<track>`).
 */
export async function chooseAudioTrack(
  path: string,
  streams: ProbeStream[],
): Promise<{ track: number; streamIndex: number } | null> {
  const audio = streams
    .map((stream, streamIndex) => ({ stream, streamIndex }))
    .filter(({ stream }) => stream.codec_type === "audio");
  if (audio.length === 0) return null;
  const pick = (i: number) => ({ track: i, streamIndex: audio[i]!.streamIndex });
  if (audio.length === 1) return pick(0);
  const order = audio
    .map((_, i) => i)
    .sort(
      (a, b) =>
        Number(audio[b]!.stream.disposition?.default === 1) -
        Number(audio[a]!.stream.disposition?.default === 1),
    );
  for (const i of order) if (!(await isSilent(path, i))) return pick(i);
  return pick(order[0]!);
}
