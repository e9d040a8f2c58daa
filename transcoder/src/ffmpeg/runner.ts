/**
 * The one module that drives ffmpeg and ffprobe, through fluent-ffmpeg. Everything
 * else passes plain argument lists, so fluent-ffmpeg (unmaintained upstream) can
 * be swapped for a direct `child_process` call without touching the pipeline.
 */
import { execFile } from "node:child_process";
import ffmpeg from "fluent-ffmpeg";
import { ToolFailedError } from "../errors.ts";

export interface FfmpegOutput {
  path: string;
  options: string[];
}

export interface FfmpegRun {
  inputs: Array<{ path: string; options?: string[] }>;
  complexFilter?: string;
  outputs: FfmpegOutput[];
}

export interface RunOptions {
  /** Seconds of output produced so far. */
  onProgress?: (seconds: number) => void;
  signal?: AbortSignal;
  /** Run ffmpeg under `nice -n`: it gets only the CPU that runs at normal priority leave. */
  niceness?: number;
  /** Lower its priority to `niceness` once `when` fires (it may already be running). */
  renice?: { when: AbortSignal; niceness: number };
}

function timemarkSeconds(mark: string | undefined): number {
  const match = /^(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(mark ?? "");
  return match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) : 0;
}

/** Runs ffmpeg; resolves with the tail of its stderr (where filters like volumedetect report). */
export function runFfmpeg(run: FfmpegRun, options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const command = ffmpeg(options.niceness ? { niceness: options.niceness } : {});
    // Options go in as separate arguments: given one array, fluent-ffmpeg splits any
    // item with exactly one space in two, which corrupts values like -var_stream_map's.
    for (const input of run.inputs) {
      command.input(input.path);
      if (input.options?.length) command.inputOptions(...input.options);
    }
    if (run.complexFilter) command.complexFilter(run.complexFilter);
    for (const output of run.outputs) {
      command.output(output.path);
      if (output.options.length) command.outputOptions(...output.options);
    }
    command.addOption("-hide_banner").addOption("-y");
    let stderrTail = "";
    let commandLine = "";
    let reachedSeconds = 0;
    command.on("start", (line: string) => (commandLine = line));
    command.on("stderr", (line: string) => (stderrTail = `${stderrTail}\n${line}`.slice(-4000)));
    command.on("progress", (p: { timemark?: string }) => {
      reachedSeconds = Math.max(reachedSeconds, timemarkSeconds(p.timemark));
      options.onProgress?.(reachedSeconds);
    });
    command.on("end", () => resolve(stderrTail));
    command.on("error", (err: Error) =>
      reject(
        new ToolFailedError("ffmpeg", `ffmpeg failed: ${err.message}\n${commandLine}`, {
          stderr: stderrTail,
          reachedSeconds,
        }),
      ),
    );
    const { renice } = options;
    if (renice) {
      const lower = () => void command.renice(renice.niceness);
      if (renice.when.aborted) lower();
      else renice.when.addEventListener("abort", lower, { once: true });
    }
    if (options.signal) {
      if (options.signal.aborted) return reject(options.signal.reason);
      options.signal.addEventListener("abort", () => command.kill("SIGKILL"), { once: true });
    }
    command.run();
  });
}

const PROBE_MAX_BUFFER = 256 << 20;

/**
 * ffprobe with JSON output: `args` choose what to show, `path` is the file. A
 * failure carries ffprobe's own diagnostic (the line that says what happened).
 */
export function runFfprobe(path: string, args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(
      "ffprobe",
      ["-v", "error", "-hide_banner", "-of", "json", ...args, path],
      { maxBuffer: PROBE_MAX_BUFFER },
      (err, stdout, stderr) => {
        if (err) {
          const diagnostic = String(stderr).trim().slice(-4000);
          reject(
            new ToolFailedError("ffprobe", `ffprobe failed: ${err.message.split("\n")[0]}`, {
              stderr: diagnostic,
              reachedSeconds: 0,
            }),
          );
          return;
        }
        try {
          resolve(JSON.parse(String(stdout)));
        } catch (parseError) {
          reject(parseError);
        }
      },
    );
  });
}
