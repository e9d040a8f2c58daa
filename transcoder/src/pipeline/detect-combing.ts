import { runFfmpeg } from "../ffmpeg/runner.ts";

/** Seconds of picture the detector looks at, from a third of the way in (titles are often still). */
const SAMPLE_SECONDS = 10;
const LATEST_START_SECONDS = 60;
/** Fewer combed frames than this is noise (a still picture shows no combing at all). */
const MIN_COMBED_FRAMES = 20;

/**
 * ffmpeg's interlace detector (`idet`) over a short sample: true when most frames
 * show combing in one field order. For sources that say they are progressive but are not (an
 * interlaced capture re-encoded by a tool that drops the field flags).
 */
export async function detectCombing(path: string, durationSeconds: number): Promise<boolean> {
  const start = Math.min(durationSeconds / 3, LATEST_START_SECONDS);
  const stderr = await runFfmpeg({
    inputs: [{ path, options: ["-ss", start.toFixed(2), "-t", String(SAMPLE_SECONDS)] }],
    outputs: [{ path: "-", options: ["-map", "0:v:0", "-an", "-vf", "idet", "-f", "null"] }],
  }).catch(() => "");
  const match = /Multi frame detection: TFF:\s*(\d+)\s*BFF:\s*(\d+)\s*Progressive:\s*(\d+)/.exec(
    stderr,
  );
  if (!match) return false;
  const [tff, bff, progressive] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Real interlacing has one field order throughout; sharp moving progressive
  // pictures (test patterns, scrolling slides) fool idet into both at once.
  const dominant = Math.max(tff, bff);
  const rest = Math.min(tff, bff) + progressive;
  return dominant >= MIN_COMBED_FRAMES && dominant > rest * 2;
}
