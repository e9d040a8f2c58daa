import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Short generated sources: testsrc2 + sine, as the issue asks (never committed). */
export async function makeVideo(
  dir: string,
  name: string,
  options: {
    size: string;
    seconds: number;
    audio?: boolean;
    fps?: number;
    gopSeconds?: number;
    videoBitrate?: string;
  },
): Promise<string> {
  const path = join(dir, name);
  const fps = options.fps ?? 30;
  const args = [
    "-hide_banner",
    "-loglevel",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `testsrc2=s=${options.size}:r=${fps}:d=${options.seconds}`,
  ];
  if (options.audio !== false)
    args.push("-f", "lavfi", "-i", `sine=frequency=220:sample_rate=48000:d=${options.seconds}`);
  args.push("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
  if (options.gopSeconds)
    args.push(
      "-g",
      String(fps * options.gopSeconds),
      "-keyint_min",
      String(fps * options.gopSeconds),
      "-sc_threshold",
      "0",
    );
  if (options.videoBitrate)
    args.push(
      "-b:v",
      options.videoBitrate,
      "-maxrate",
      options.videoBitrate,
      "-bufsize",
      options.videoBitrate,
    );
  if (options.audio !== false) args.push("-c:a", "aac", "-shortest");
  args.push(path);
  await run("ffmpeg", args);
  return path;
}

export async function makeTextFile(dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, "This is a lecture transcript, not a video.\n".repeat(100));
  return path;
}

/** The first third of an MP4 whose index (moov) is at the end: unreadable, like an interrupted copy. */
export async function makeTruncated(dir: string, source: string, name: string): Promise<string> {
  const bytes = await readFile(source);
  const path = join(dir, name);
  await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 3)));
  return path;
}

export async function ffprobeJson(path: string, args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run("ffprobe", ["-v", "error", "-of", "json", ...args, path], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}
