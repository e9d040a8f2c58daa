import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A short H.264/AAC test clip (testsrc2 + sine), generated where the test needs it. */
export async function generateClip(
  path: string,
  options: { seconds: number; size?: string; videoBitrate?: string },
): Promise<string> {
  await run("ffmpeg", [
    ...["-hide_banner", "-loglevel", "error", "-y"],
    ...["-f", "lavfi", "-i", `testsrc2=s=${options.size ?? "640x360"}:r=30:d=${options.seconds}`],
    ...["-f", "lavfi", "-i", `sine=frequency=220:sample_rate=48000:d=${options.seconds}`],
    ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"],
    ...(options.videoBitrate ? ["-b:v", options.videoBitrate] : []),
    ...["-c:a", "aac", "-shortest", path],
  ]);
  return path;
}
