/**
 * The full deliverable set made the coursecast way (one decode, one ffmpeg for the
 * ladder) against the naive way (one ffmpeg per output, each decoding the source),
 * and the decode-only floor, on the same lecture-like 1080p30 source in one run.
 *   npm run bench:transcode            (BENCH_SECONDS=60 by default)
 */
import { execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { treeRssMiB } from "./process-tree.ts";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const here = fileURLToPath(new URL(".", import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const preset = process.env.FFMPEG_PRESET ?? "veryfast";

async function timed(
  command: string,
  args: string[],
): Promise<{ seconds: number; peakRssMiB: number }> {
  const started = performance.now();
  const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  let peak = 0;
  const timer = setInterval(
    () => void treeRssMiB(child.pid!).then((mib) => (peak = Math.max(peak, mib))),
    100,
  );
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${stderr}`);
  return { seconds: (performance.now() - started) / 1000, peakRssMiB: Math.round(peak) };
}

const ffmpeg = (args: string[]) =>
  timed("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", ...args]);

async function psnr(distorted: string, source: string, height: number): Promise<number> {
  const { stderr } = await run(
    "ffmpeg",
    [
      "-hide_banner",
      "-i",
      distorted,
      "-i",
      source,
      "-lavfi",
      `[1:v]scale=-2:${height}[ref];[0:v][ref]psnr`,
      "-f",
      "null",
      "-",
    ],
    { maxBuffer: 16 << 20 },
  );
  return Number(/average:([\d.]+)/.exec(stderr)?.[1]);
}

const dir = await mkdtemp(join(tmpdir(), "bench-transcode-"));
try {
  const source = join(dir, "lecture-1080p.mp4");
  await run("bash", [join(here, "media", "make-lecture.sh"), source, String(seconds), "1920x1080"]);

  const decode = await ffmpeg(["-i", source, "-f", "null", "-"]);
  const full = await timed(process.execPath, [
    join(here, "..", "transcoder", "src", "cli.ts"),
    source,
    join(dir, "full"),
  ]);

  // The naive way: every deliverable its own ffmpeg, each decoding the source again.
  const naiveDir = join(dir, "naive");
  await mkdir(join(naiveDir, "thumbs"), { recursive: true });
  const rungs: Array<[string, number, string]> = [
    ["1080p", 1080, "5000k"],
    ["720p", 720, "2800k"],
    ["480p", 480, "1400k"],
    ["360p", 360, "800k"],
  ];
  const naiveRuns = [];
  for (const [name, height, rate] of rungs) {
    await mkdir(join(naiveDir, name), { recursive: true });
    naiveRuns.push(
      await ffmpeg([
        "-i",
        source,
        "-vf",
        `scale=-2:${height}`,
        "-c:v",
        "libx264",
        "-preset",
        preset,
        "-b:v",
        rate,
        "-maxrate",
        rate,
        "-bufsize",
        rate.replace("k", "") + "0k",
        "-g",
        "60",
        "-c:a",
        "aac",
        "-b:a",
        "128k",
        "-f",
        "hls",
        "-hls_time",
        "2",
        "-hls_playlist_type",
        "vod",
        "-hls_segment_type",
        "fmp4",
        "-hls_segment_filename",
        join(naiveDir, name, "seg_%05d.m4s"),
        join(naiveDir, name, "index.m3u8"),
      ]),
    );
  }
  naiveRuns.push(
    await ffmpeg([
      "-i",
      source,
      "-vf",
      "scale=-2:720",
      "-c:v",
      "libx264",
      "-preset",
      preset,
      "-b:v",
      "2800k",
      "-c:a",
      "aac",
      "-b:a",
      "128k",
      "-movflags",
      "+faststart",
      join(naiveDir, "download.mp4"),
    ]),
  );
  naiveRuns.push(
    await ffmpeg([
      "-i",
      source,
      "-vn",
      "-c:a",
      "libmp3lame",
      "-q:a",
      "4",
      join(naiveDir, "audio.mp3"),
    ]),
  );
  naiveRuns.push(
    await ffmpeg([
      "-i",
      source,
      "-vf",
      "fps=1/10,scale=320:-2",
      join(naiveDir, "thumbs", "%04d.jpg"),
    ]),
  );
  naiveRuns.push(
    await ffmpeg(["-ss", "2", "-i", source, "-frames:v", "1", join(naiveDir, "poster.jpg")]),
  );
  const naiveSeconds = naiveRuns.reduce((sum, r) => sum + r.seconds, 0);

  /** One rung's HLS segments joined into a playable file, for PSNR against the source. */
  const joinRung = async (rungDir: string, out: string) => {
    const playlist = await readFile(join(rungDir, "index.m3u8"), "utf8");
    const init = /URI="([^"]+)"/.exec(playlist)![1]!;
    const segments = playlist.split("\n").filter((l) => l.endsWith(".m4s"));
    const parts = await Promise.all([init, ...segments].map((f) => readFile(join(rungDir, f))));
    await (await import("node:fs/promises")).writeFile(out, Buffer.concat(parts));
    return out;
  };
  const comparePsnr = async (name: string, height: number) => {
    const ours = await psnr(
      await joinRung(join(dir, "full", "hls", name), join(dir, `ours-${name}.mp4`)),
      source,
      height,
    );
    const naive = await psnr(
      await joinRung(join(naiveDir, name), join(dir, `naive-${name}.mp4`)),
      source,
      height,
    );
    return { ours, naive, differenceDb: +(ours - naive).toFixed(2) };
  };
  // 720p is the quality target; 360p shows what the faster preset of the small rungs costs.
  const psnr720 = await comparePsnr("720p", 720);
  const psnr360 = await comparePsnr("360p", 360);

  console.log(
    JSON.stringify(
      {
        bench: "transcode",
        source: `lecture-like ${seconds}s 1920x1080 30fps (bench/media/make-lecture.sh)`,
        preset,
        decodeOnly: {
          seconds: +decode.seconds.toFixed(1),
          xRealtime: +(seconds / decode.seconds).toFixed(2),
        },
        fullSet: {
          seconds: +full.seconds.toFixed(1),
          xRealtime: +(seconds / full.seconds).toFixed(2),
          peakRssMiB: full.peakRssMiB,
        },
        naive: {
          seconds: +naiveSeconds.toFixed(1),
          xRealtime: +(seconds / naiveSeconds).toFixed(2),
          peakRssMiB: Math.max(...naiveRuns.map((r) => r.peakRssMiB)),
        },
        speedupVsNaive: +(naiveSeconds / full.seconds).toFixed(2),
        psnr720,
        psnr360,
      },
      null,
      2,
    ),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
