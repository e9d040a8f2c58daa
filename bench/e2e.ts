/**
 * Time from upload-complete to `ready` for a 60 s lecture-like 1080p clip on the
 * real local stack (`npm run dev`: edge under `wrangler dev`, the transcoder worker
 * on RabbitMQ, the S3 stand-in), as a multiple of the clip's duration; against the
 * same clip through the transcoder's local CLI (no queue, no S3, no webhooks) in
 * the same run, which shows what the platform adds around the transcode.
 *   npm run bench:e2e            (BENCH_SECONDS=60 by default)
 */
import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { allocateDevPorts, edgeApi, startDevStack } from "@coursecast/dev";

const here = fileURLToPath(new URL(".", import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const dir = await mkdtemp(join(tmpdir(), "bench-e2e-"));

async function localTranscodeSeconds(source: string): Promise<number> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [join(here, "..", "transcoder", "src", "cli.ts"), source, join(dir, "local")],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`transcoder CLI exited with ${code}`);
  return (performance.now() - started) / 1000;
}

try {
  const source = join(dir, "lecture-1080p.mp4");
  await promisify(execFile)("bash", [
    join(here, "media", "make-lecture.sh"),
    source,
    String(seconds),
    "1920x1080",
  ]);
  const size = (await stat(source)).size;

  const stack = await startDevStack(join(dir, "data"), await allocateDevPorts());
  let e2eSeconds: number;
  let uploadSeconds: number;
  try {
    const api = edgeApi(stack.edgeUrl);
    const token = await api.instructorToken("bench");
    const uploadStarted = performance.now();
    const video = await api.uploadVideo(token, source, "Benchmark lecture");
    uploadSeconds = (performance.now() - uploadStarted) / 1000;
    // uploadVideo returns once complete has answered: the job is queued from here.
    const completedAt = performance.now();
    const state = await api.settledState(token, video.id, 30 * 60_000);
    e2eSeconds = (performance.now() - completedAt) / 1000;
    if (state !== "ready") throw new Error(`the video ended ${state}`);
  } finally {
    await stack.stop();
  }

  const localSeconds = await localTranscodeSeconds(source);
  const report = {
    bench: "e2e",
    clipSeconds: seconds,
    sourceBytes: size,
    uploadSeconds: +uploadSeconds.toFixed(2),
    completeToReadySeconds: +e2eSeconds.toFixed(2),
    completeToReadyPerClipSecond: +(e2eSeconds / seconds).toFixed(3),
    localTranscodeSeconds: +localSeconds.toFixed(2),
    platformOverhead: +(e2eSeconds / localSeconds).toFixed(2),
  };
  console.log(
    `\nupload-complete → ready: ${report.completeToReadySeconds} s for a ${seconds} s 1080p clip = ${report.completeToReadyPerClipSecond}× its duration` +
      `\nthe same clip through the local CLI: ${report.localTranscodeSeconds} s; the platform adds ${((report.platformOverhead - 1) * 100).toFixed(0)} %` +
      ` (queue, S3 download and upload of outputs, webhooks, polling at 0.5 s)`,
  );
  console.log(JSON.stringify(report));
} finally {
  await rm(dir, { recursive: true, force: true });
}
