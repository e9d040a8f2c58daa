import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface ClipOptions {
  seconds: number;
  /** Picture size of the default source; 640x360 unless given. */
  size?: string;
  fps?: number;
  /** A lavfi video source other than `testsrc2=s=<size>` (rate and duration are appended). */
  source?: string;
  /** Appended to the video source, e.g. `,noise=alls=8:allf=t`. */
  filters?: string;
  /** False for a picture-only clip; otherwise a 220 Hz tone. */
  audio?: boolean;
  /** A keyframe every this many seconds and none elsewhere. */
  gopSeconds?: number;
  videoBitrate?: string;
  /** With `videoBitrate`: also cap the rate there (maxrate and bufsize). */
  capBitrate?: boolean;
  crf?: number;
}

/** A short H.264/AAC test clip (testsrc2 + sine) at `path`, generated where the test needs it. */
export async function generateClip(path: string, options: ClipOptions): Promise<string> {
  const fps = options.fps ?? 30;
  const source = options.source ?? `testsrc2=s=${options.size ?? "640x360"}`;
  const args = ["-hide_banner", "-loglevel", "error", "-y"];
  args.push("-f", "lavfi", "-i", `${source}:r=${fps}:d=${options.seconds}${options.filters ?? ""}`);
  if (options.audio !== false)
    args.push("-f", "lavfi", "-i", `sine=frequency=220:sample_rate=48000:d=${options.seconds}`);
  args.push("-c:v", "libx264", "-preset", "ultrafast");
  if (options.crf !== undefined) args.push("-crf", String(options.crf));
  args.push("-pix_fmt", "yuv420p");
  if (options.gopSeconds) {
    const gop = String(fps * options.gopSeconds);
    args.push("-g", gop, "-keyint_min", gop, "-sc_threshold", "0");
  }
  if (options.videoBitrate) {
    args.push("-b:v", options.videoBitrate);
    if (options.capBitrate)
      args.push("-maxrate", options.videoBitrate, "-bufsize", options.videoBitrate);
  }
  if (options.audio !== false) args.push("-c:a", "aac", "-shortest");
  args.push(path);
  await run("ffmpeg", args);
  return path;
}
