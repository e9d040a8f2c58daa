import { runFfmpeg } from "../ffmpeg/runner.ts";
import { decodeFailure } from "../pipeline/failure-messages.ts";
import type { RungUploader } from "./rung-uploader.ts";

const SYNC_INTERVAL_MS = 500;

/** Runs ffmpeg while uploading what it closes, every SYNC_INTERVAL_MS and once at its exit. */
export async function runWhileUploading(
  run: Parameters<typeof runFfmpeg>[0],
  /** Read at every tick: a rung named while the run goes on joins it (stream-job.ts). */
  uploaders: () => readonly RungUploader[],
  options: {
    signal: AbortSignal;
    onTick: () => Promise<void>;
    onSeconds: (seconds: number) => void;
    niceness?: number;
    renice?: { when: AbortSignal; niceness: number };
  },
): Promise<void> {
  let busy: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  const tick = () => {
    busy = busy
      .then(async () => {
        for (const u of uploaders()) await u.sync();
        await options.onTick();
      })
      .catch((err: unknown) => {
        failure ??= err;
      });
  };
  const timer = setInterval(tick, SYNC_INTERVAL_MS);
  try {
    await runFfmpeg(run, {
      signal: options.signal,
      onProgress: options.onSeconds,
      ...(options.niceness ? { niceness: options.niceness } : {}),
      ...(options.renice ? { renice: options.renice } : {}),
    }).catch((err: unknown) => {
      if (options.signal.aborted) throw err;
      throw decodeFailure(err);
    });
  } finally {
    clearInterval(timer);
    await busy;
  }
  if (failure) throw failure;
  for (const u of uploaders()) await u.sync(true);
  await options.onTick();
}
