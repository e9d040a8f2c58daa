/**
 * Upload-complete → playable → first frame in hls.js → ready, on the real local stack
 * (`npm run dev`: edge under `wrangler dev`, one transcoder worker on RabbitMQ, the S3
 * stand-in), for lecture-like 1080p sources of several lengths, one off the 2 s
 * keyframe grid and one HEVC; each row against the same file through the transcoder's
 * local CLI (no queue, no S3, no webhooks) in the same run.
 *
 *   npm run bench:e2e                 1 and 10 min lectures, 1 min off the grid, 1 min HEVC
 *   BENCH_LONG=1 npm run bench:e2e    adds the 60 min lecture and the 60 min HEVC one
 *   BENCH_ROWS=lecture-1m npm run bench:e2e   only the named rows
 *   BENCH_UNTIL=playable …            stop each row once it has been watched (no ready, no CLI)
 *
 * "First frame" is measured in Chromium: as soon as the video says it is playable, a page
 * loads its master playlist in hls.js and plays; the time is when `currentTime` first
 * moves. The page then keeps playing for BENCH_WATCH_SECONDS (default 30) while the
 * video is still processing and counts stalls (`waiting` after playback started) and
 * hls.js errors: a viewer who starts as soon as it is playable must never stall.
 * Generated sources are kept in the OS temp folder (coursecast-bench-media) for reruns.
 */
import { execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createRequire } from "node:module";
import { chromium, type Browser } from "playwright-core";
import { allocateDevPorts, edgeApi, startDevStack } from "@coursecast/dev";
import { repeatSource } from "./media/repeat-source.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const run = promisify(execFile);
const watchSeconds = Number(process.env.BENCH_WATCH_SECONDS ?? 30);
const untilPlayable = process.env.BENCH_UNTIL === "playable";
const mediaDir = join(tmpdir(), "coursecast-bench-media");
const dir = await mkdtemp(join(tmpdir(), "bench-e2e-"));
const hlsScript = createRequire(join(here, "..", "edge", "package.json")).resolve(
  "hls.js/dist/hls.min.js",
);

interface Row {
  name: string;
  label: string;
  seconds: number;
  make: (out: string) => Promise<void>;
  /** The cached source's file name, when not `<name>.mp4`. */
  file?: string;
}

// "-at-0": the repeated sources made before 2026-12-05 started their video 0.021 s late.
const sourceFile = (row: Row) => join(mediaDir, row.file ?? `${row.name}.mp4`);

const lecture = (seconds: number, gop?: number) => (out: string) =>
  run("bash", [
    join(here, "media", "make-lecture.sh"),
    out,
    String(seconds),
    "1920x1080",
    "30",
    ...(gop ? [String(gop)] : []),
  ]).then(() => undefined);

/** A long source: a 1-minute one repeated (bench/media/repeat-source.ts). */
const repeated =
  (one: string, makeOne: (out: string) => Promise<void>, minutes: number) =>
  async (out: string) => {
    const path = join(mediaDir, `${one}.mp4`);
    await ensureSource(path, makeOne);
    await repeatSource(path, minutes, out);
  };
const longLecture = (minutes: number) => repeated("lecture-1m", lecture(60), minutes);

const hevc = (seconds: number) => async (out: string) => {
  const h264 = join(mediaDir, `lecture-${seconds}s.mp4`);
  await ensureSource(h264, lecture(seconds));
  await run("ffmpeg", [
    ...["-hide_banner", "-loglevel", "error", "-y", "-i", h264],
    ...[
      "-c:v",
      "libx265",
      "-preset",
      "ultrafast",
      "-tag:v",
      "hvc1",
      "-x265-params",
      "log-level=error",
    ],
    ...["-c:a", "copy", "-movflags", "+faststart", out],
  ]);
};

const ROWS: Row[] = [
  { name: "lecture-1m", label: "lecture, 1 min", seconds: 60, make: lecture(60) },
  {
    name: "lecture-10m",
    label: "lecture, 10 min",
    seconds: 600,
    make: longLecture(10),
    file: "lecture-10m-at-0.mp4",
  },
  {
    name: "lecture-60m",
    label: "lecture, 60 min",
    seconds: 3600,
    make: longLecture(60),
    file: "lecture-60m-at-0.mp4",
  },
  { name: "off-grid-1m", label: "lecture, 1 min, 8 s GOP", seconds: 60, make: lecture(60, 240) },
  { name: "hevc-1m", label: "lecture, 1 min, HEVC", seconds: 60, make: hevc(60) },
  {
    name: "hevc-60m",
    label: "lecture, 60 min, HEVC",
    seconds: 3600,
    make: repeated("hevc-1m", hevc(60), 60),
    file: "hevc-60m-at-0.mp4",
  },
];

/** Hour-long rows are opt-in (BENCH_LONG=1 or by name). */
const isLong = (row: Row) => row.seconds >= 3600;

function chosenRows(): Row[] {
  const named = process.env.BENCH_ROWS?.split(",").filter(Boolean);
  if (named) return ROWS.filter((r) => named.includes(r.name));
  return ROWS.filter((r) => !isLong(r) || process.env.BENCH_LONG === "1");
}

async function ensureSource(path: string, make: (out: string) => Promise<void>): Promise<void> {
  if (await stat(path).catch(() => null)) return;
  const partial = `${path}.partial.mp4`;
  await make(partial);
  await run("mv", [partial, path]);
}

async function localTranscodeSeconds(source: string): Promise<number> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [join(here, "..", "transcoder", "src", "cli.ts"), source, join(dir, "local")],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`transcoder CLI exited with ${code}`);
  await rm(join(dir, "local"), { recursive: true, force: true });
  return (performance.now() - started) / 1000;
}

/** In the page (plain JS: this file is type-checked without the DOM library). */
const WATCH_PAGE = `
window.startWatching = (url) => {
  const state = { stalls: 0, errors: [], started: false };
  window.bench = state;
  const video = document.querySelector("video");
  // From the beginning: hls.js would start a growing (EVENT) playlist near its live edge.
  const hls = new Hls({ startPosition: 0 });
  hls.on(Hls.Events.ERROR, (_e, data) => state.errors.push(data.details + (data.fatal ? " (fatal)" : "")));
  video.addEventListener("waiting", () => { if (state.started) state.stalls += 1; });
  video.addEventListener("timeupdate", () => { if (video.currentTime > 0) state.started = true; });
  hls.loadSource(url);
  hls.attachMedia(video);
  video.play();
};`;

interface Watch {
  firstFrameSeconds: number | null;
  stalls: number;
  errors: string[];
  playedSeconds: number;
}

/** Plays the master in hls.js from 0; resolves when the first frame shows and after watching. */
async function watch(
  browser: Browser,
  master: string,
  since: number,
  onFirstFrame: (seconds: number) => void,
): Promise<Watch> {
  // The page is not on the edge's origin: web security is off in this browser instead.
  const page = await browser.newPage();
  try {
    await page.setContent("<video muted playsinline></video>");
    await page.addScriptTag({ path: hlsScript });
    await page.addScriptTag({ content: WATCH_PAGE });
    await page.evaluate(`startWatching(${JSON.stringify(master)})`);
    await page.waitForFunction("document.querySelector('video').currentTime > 0", null, {
      timeout: 120_000,
      polling: 50,
    });
    const firstFrameSeconds = (performance.now() - since) / 1000;
    onFirstFrame(firstFrameSeconds);
    await page.waitForTimeout(watchSeconds * 1000);
    const result = (await page.evaluate(
      "({ ...window.bench, playedSeconds: document.querySelector('video').currentTime })",
    )) as Omit<Watch, "firstFrameSeconds">;
    return { firstFrameSeconds, ...result };
  } finally {
    await page.close();
  }
}

interface Result {
  row: string;
  clipSeconds: number;
  sourceBytes: number;
  uploadSeconds: number;
  completeToPlayableSeconds: number | null;
  completeToFirstFrameSeconds: number | null;
  completeToReadySeconds: number | null;
  readyPerClipSecond: number | null;
  stalls: number;
  hlsErrors: string[];
  playedSeconds: number;
  localTranscodeSeconds: number | null;
}

try {
  await mkdir(mediaDir, { recursive: true });
  const rows = chosenRows();
  for (const row of rows) await ensureSource(sourceFile(row), row.make);

  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-web-security",
      "--autoplay-policy=no-user-gesture-required",
      "--disable-background-networking",
    ],
  });
  const stack = await startDevStack(join(dir, "data"), await allocateDevPorts());
  const results: Result[] = [];
  try {
    const api = edgeApi(stack.edgeUrl);
    for (const row of rows) {
      // A long row outlives an access token: each call asks the session for a live one.
      const session = await api.instructorSession("bench");
      const token = await session.token();
      const fresh = async () => api.client(await session.token());
      const source = sourceFile(row);
      const uploadStarted = performance.now();
      const video = await api.uploadVideo(token, source, `Benchmark ${row.label}`);
      const completedAt = performance.now();
      const uploadSeconds = (completedAt - uploadStarted) / 1000;
      let playableSeconds: number | null = null;
      let firstFrameSeconds: number | null = null;
      let watching: Promise<Watch> | null = null;
      let state = "";
      const deadline = Date.now() + Math.max(30 * 60_000, row.seconds * 2_000);
      for (;;) {
        const current = (await (await fresh()).getVideo(video.id)).video;
        state = current.state;
        const playable = "playable" in current && current.playable === true;
        if ((playable || state === "ready") && playableSeconds === null) {
          playableSeconds = (performance.now() - completedAt) / 1000;
          const { master } = await (await fresh()).playback(video.id);
          watching = watch(browser, master, completedAt, (s) => (firstFrameSeconds = s));
        }
        if (untilPlayable && watching) break;
        if (state === "ready" || state === "failed" || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const watched = watching ? await watching : null;
      const readySeconds = untilPlayable ? null : (performance.now() - completedAt) / 1000;
      if (!untilPlayable && state !== "ready")
        throw new Error(`${row.label}: the video ended ${state}`);
      const localSeconds = untilPlayable ? null : await localTranscodeSeconds(source);
      const result: Result = {
        row: row.label,
        clipSeconds: row.seconds,
        sourceBytes: (await stat(source)).size,
        uploadSeconds: +uploadSeconds.toFixed(2),
        completeToPlayableSeconds: playableSeconds === null ? null : +playableSeconds.toFixed(2),
        completeToFirstFrameSeconds:
          firstFrameSeconds === null ? null : +(firstFrameSeconds as number).toFixed(2),
        completeToReadySeconds: readySeconds === null ? null : +readySeconds.toFixed(2),
        readyPerClipSecond: readySeconds === null ? null : +(readySeconds / row.seconds).toFixed(3),
        stalls: watched?.stalls ?? 0,
        hlsErrors: watched?.errors ?? [],
        playedSeconds: +(watched?.playedSeconds ?? 0).toFixed(1),
        localTranscodeSeconds: localSeconds === null ? null : +localSeconds.toFixed(2),
      };
      results.push(result);
      console.log(JSON.stringify({ bench: "e2e", ...result }));
    }
  } finally {
    await stack.stop();
    await browser.close();
  }
  console.log(
    "\n| source | complete → playable | → first frame (hls.js) | → ready | ready × duration | local CLI | stalls / hls.js errors while processing |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const r of results)
    console.log(
      `| ${r.row} | ${r.completeToPlayableSeconds ?? "—"} s | ${r.completeToFirstFrameSeconds ?? "—"} s | ${r.completeToReadySeconds ?? "—"} s | ${r.readyPerClipSecond ?? "—"} | ${r.localTranscodeSeconds === null || r.completeToReadySeconds === null ? "—" : `${r.localTranscodeSeconds} s (ready ÷ CLI ${(r.completeToReadySeconds / r.localTranscodeSeconds).toFixed(2)})`} | ${r.stalls} / ${r.hlsErrors.length ? r.hlsErrors.join(", ") : "none"} (played ${r.playedSeconds} s) |`,
    );
} finally {
  await rm(dir, { recursive: true, force: true });
}
