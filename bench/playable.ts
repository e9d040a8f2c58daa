/**
 * Upload-complete → `playable` and → `ready` through the transcoder alone (the S3
 * stand-in, a webhook receiver stub that records when each event arrives, the
 * worker's own processJob), for 1- and 10-minute lecture-like 1080p sources, one
 * off the 2 s keyframe grid (8 s GOP) and one in HEVC; a 60-minute lecture with
 * BENCH_LONG=1 (the long ones are the 1-minute lecture repeated, see `repeated`). The baseline in the same run is today's staged path (main's
 * processJob: download, transcode the local file, upload everything, then `ready`),
 * for which playable = ready. The last column is the CPU seconds each path took (this
 * process, the S3 stand-in in it, and every ffmpeg it ran), streamed ÷ today.
 *   npm run bench:playable     (BENCH_MEDIA_DIR caches the generated sources)
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { startS3Server } from "@coursecast/dev";
import { repeatSource } from "./media/repeat-source.ts";
import { DEFAULT_LADDER, type TranscodeJob } from "@coursecast/shared";
import {
  WebhookClient,
  createLogger,
  createS3,
  downloadObject,
  loadWorkerConfig,
  processJob,
  transcodeFile,
  uploadFolder,
} from "@coursecast/transcoder";

const run = promisify(execFile);
const here = fileURLToPath(new URL(".", import.meta.url));
const mediaDir = process.env.BENCH_MEDIA_DIR ?? join(tmpdir(), "coursecast-bench-media");
const preset = process.env.FFMPEG_PRESET ?? "veryfast";
const secret = "whsec_bench_playable";
const credentials = { accessKeyId: "bench", secretAccessKey: "bench-secret" };

interface Source {
  label: string;
  file: string;
  seconds: number;
  make: (path: string) => Promise<unknown>;
}

const lecture = (seconds: number, gop?: number) => (path: string) =>
  run("bash", [
    join(here, "media", "make-lecture.sh"),
    path,
    String(seconds),
    "1920x1080",
    "30",
    ...(gop ? [String(gop)] : []),
  ]);

/** A long lecture: the 1-minute one `times` over (bench/media/repeat-source.ts). */
const repeated = (times: number) => async (path: string) =>
  repeatSource(
    await ensure({ label: "", file: "lecture-60.mp4", seconds: 60, make: lecture(60) }),
    times,
    path,
  );

const ALL_SOURCES: Source[] = [
  { label: "lecture 1 min", file: "lecture-60.mp4", seconds: 60, make: lecture(60) },
  {
    label: "lecture 1 min, 8 s GOP",
    file: "lecture-60-gop8.mp4",
    seconds: 60,
    make: lecture(60, 240),
  },
  {
    label: "lecture 1 min, HEVC",
    file: "lecture-60-hevc.mp4",
    seconds: 60,
    make: async (path) => {
      const h264 = join(mediaDir, "lecture-60.mp4");
      await ensure({ label: "", file: "lecture-60.mp4", seconds: 60, make: lecture(60) });
      await run("ffmpeg", [
        ...["-hide_banner", "-loglevel", "error", "-y", "-i", h264],
        ...["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error"],
        ...["-tag:v", "hvc1", "-c:a", "copy", path],
      ]);
    },
  },
  // "-at-0": made before 2026-12-05, these files started their video 0.021 s late.
  { label: "lecture 10 min", file: "lecture-600-at-0.mp4", seconds: 600, make: repeated(10) },
  ...(process.env.BENCH_LONG === "1"
    ? [
        {
          label: "lecture 60 min",
          file: "lecture-3600-at-0.mp4",
          seconds: 3600,
          make: repeated(60),
        },
      ]
    : []),
];

// BENCH_ONLY=600 runs only the sources of that many seconds (the 10-minute row alone).
// BENCH_MATCH=HEVC runs only the sources whose label contains that text.
const only = process.env.BENCH_ONLY ? Number(process.env.BENCH_ONLY) : null;
const match = process.env.BENCH_MATCH ?? "";
const SOURCES = ALL_SOURCES.filter(
  (s) => (only === null || s.seconds === only) && s.label.includes(match),
);

async function ensure(source: Source): Promise<string> {
  const path = join(mediaDir, source.file);
  if (!(await stat(path).catch(() => null))) {
    process.stderr.write(`generating ${source.file}…\n`);
    await source.make(path);
  }
  return path;
}

/** The edge's webhook endpoint, reduced to noting when each event arrived. */
async function startReceiver() {
  const arrivals = new Map<string, number>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const event = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
      videoId: string;
      type: string;
    };
    const key = `${event.videoId}:${event.type}`;
    if (!arrivals.has(key)) arrivals.set(key, performance.now());
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/transcoder`;
  return { url, arrivals, close: () => new Promise<void>((r) => server.close(() => r())) };
}

await mkdir(mediaDir, { recursive: true });
const dir = await mkdtemp(join(tmpdir(), "bench-playable-"));
const s3Server = await startS3Server({
  port: 0,
  directory: join(dir, "s3"),
  ...credentials,
  buckets: ["media"],
  silent: true,
});
const receiver = await startReceiver();
const config = loadWorkerConfig({
  S3_ENDPOINT: s3Server.url,
  S3_ACCESS_KEY_ID: credentials.accessKeyId,
  S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  WEBHOOK_SECRET: secret,
  EDGE_URL: new URL(receiver.url).origin,
  TMP_DIR: dir,
  FFMPEG_PRESET: preset,
});
const s3 = createS3(config);
const logger = createLogger({ bench: "playable" });
logger.info = () => undefined;

function jobFor(videoId: string, size: number): TranscodeJob {
  return {
    jobId: `${videoId}.1`,
    videoId,
    attempt: 1,
    source: { bucket: "media", key: `uploads/${videoId}/source`, size, contentType: "video/mp4" },
    output: { bucket: "media", prefix: `videos/${videoId}/` },
    ladder: [...DEFAULT_LADDER],
    webhookUrl: receiver.url,
    requestedAt: new Date().toISOString(),
  };
}

/**
 * CPU seconds of this process (the S3 stand-in, the receiver and the worker's own code)
 * and of every child it has waited for (each ffmpeg and ffprobe), from /proc: Linux
 * counts those children in cutime/cstime once they have exited.
 */
async function cpuSecondsSoFar(): Promise<number> {
  const stat = await readFile("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime, stime, cutime, cstime: fields 14-17 of proc(5), in clock ticks (100 a second).
  return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / 100;
}

/** Today's path, as main's processJob runs it: download, transcode, upload. */
async function stagedSeconds(job: TranscodeJob): Promise<number> {
  const started = performance.now();
  const work = await mkdtemp(join(dir, "staged-"));
  await downloadObject(s3, job.source.bucket, job.source.key, join(work, "source"));
  await transcodeFile(join(work, "source"), join(work, "out"), {
    ladder: job.ladder,
    maxDurationSeconds: config.MAX_DURATION_SECONDS,
    preset,
    scratchDir: work,
  });
  await uploadFolder(s3, job.output.bucket, join(work, "out"), `${job.output.prefix}staged/`);
  await rm(work, { recursive: true, force: true });
  return (performance.now() - started) / 1000;
}

async function streamedSeconds(job: TranscodeJob): Promise<{ playable: number; ready: number }> {
  const started = performance.now();
  const outcome = await processJob(job, {
    config,
    s3,
    webhooks: new WebhookClient({ secret, retryForMs: 30_000, logger }),
    logger,
    signal: new AbortController().signal,
  });
  if (outcome !== "ready") throw new Error(`${job.videoId}: ${outcome}`);
  const at = (type: string) =>
    ((receiver.arrivals.get(`${job.videoId}:${type}`) ?? Number.NaN) - started) / 1000;
  return { playable: at("playable"), ready: at("ready") };
}

const rows: string[] = [];
try {
  for (const [i, source] of SOURCES.entries()) {
    const path = await ensure(source);
    const videoId = `bench-${i}`;
    const body = await readFile(path);
    await s3.send(
      new PutObjectCommand({ Bucket: "media", Key: `uploads/${videoId}/source`, Body: body }),
    );
    const job = jobFor(videoId, body.length);
    // Streamed first, its figures printed at once: the baseline of a long source takes longest.
    const cpuBefore = await cpuSecondsSoFar();
    const streamed = await streamedSeconds(job);
    const cpuStreamed = (await cpuSecondsSoFar()) - cpuBefore;
    process.stderr.write(
      `${source.label}: streamed playable ${streamed.playable.toFixed(1)} s, ready ${streamed.ready.toFixed(1)} s, CPU ${cpuStreamed.toFixed(1)} s\n`,
    );
    const baseline = await stagedSeconds(job);
    const cpuToday = (await cpuSecondsSoFar()) - cpuBefore - cpuStreamed;
    const d = source.seconds;
    const row = [
      source.label.padEnd(24),
      `${baseline.toFixed(1)} s (${(baseline / d).toFixed(2)}×)`.padEnd(18),
      `${streamed.playable.toFixed(1)} s`.padEnd(10),
      `${streamed.ready.toFixed(1)} s (${(streamed.ready / d).toFixed(2)}×)`.padEnd(18),
      `${(streamed.playable / baseline).toFixed(3)}`.padEnd(10),
      (streamed.ready / baseline).toFixed(2).padEnd(11),
      `${cpuStreamed.toFixed(0)} / ${cpuToday.toFixed(0)} s (${(cpuStreamed / cpuToday).toFixed(2)})`,
    ].join(" | ");
    rows.push(row);
    process.stdout.write(`${row}\n`);
  }
} finally {
  await receiver.close();
  await s3Server.close();
  await rm(dir, { recursive: true, force: true });
}
process.stdout.write(
  [
    "",
    `preset ${preset}, ladder ${DEFAULT_LADDER.map((r) => r.name).join("/")}`,
    `${"source".padEnd(24)} | ${"today: ready".padEnd(18)} | ${"playable".padEnd(10)} | ${"streamed: ready".padEnd(18)} | ${"playable/today".padEnd(10)} | ready/today | CPU streamed / today`,
    ...rows,
    "",
  ].join("\n"),
);
