/**
 * The one module that drives ffmpeg and ffprobe, through fluent-ffmpeg. Everything
 * else passes plain argument lists, so fluent-ffmpeg (unmaintained upstream) can
 * be swapped for a direct `child_process` call without touching the pipeline.
 */
import ffmpeg, { type FfprobeData } from "fluent-ffmpeg";

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
}

function timemarkSeconds(mark: string | undefined): number {
  const match = /^(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(mark ?? "");
  return match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) : 0;
}

export function runFfmpeg(run: FfmpegRun, options: RunOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const command = ffmpeg();
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
    command.on("start", (line: string) => (commandLine = line));
    command.on("stderr", (line: string) => (stderrTail = `${stderrTail}\n${line}`.slice(-4000)));
    command.on("progress", (p: { timemark?: string }) =>
      options.onProgress?.(timemarkSeconds(p.timemark)),
    );
    command.on("end", () => resolve());
    command.on("error", (err: Error) =>
      reject(new Error(`ffmpeg failed: ${err.message}\n${commandLine}\n${stderrTail}`)),
    );
    if (options.signal) {
      if (options.signal.aborted) return reject(options.signal.reason);
      options.signal.addEventListener("abort", () => command.kill("SIGKILL"), { once: true });
    }
    command.run();
  });
}

export function probe(path: string): Promise<FfprobeData> {
  return new Promise((resolve, reject) =>
    ffmpeg.ffprobe(path, (err: Error | null, data: FfprobeData) =>
      err ? reject(err) : resolve(data),
    ),
  );
}
