/**
 * The full deliverable set made the coursecast way (one decode, one ffmpeg for the
 * ladder) against the naive way (one ffmpeg per output, each decoding the source),
 * and the decode-only floor, on the same lecture-like 1080p30 source in one run.
 *
 * Then per-title encoding: the capped-quality ladder (today's) against the fixed-bitrate
 * ladder (ENCODING_PROFILE=fixed-bitrate, as before) on three sources: the lecture on
 * the 2 s grid (its 1080p rung is stream-copied by both), the same lecture off the grid
 * (8 s GOP, as most uploads are: every rung encoded) and noisy high motion (testsrc2 +
 * noise). Bytes per source hour, SSIM and PSNR per rung against the source scaled to
 * the rung, encode time: each as a ratio to the fixed ladder measured in the same run.
 * The capped ladder decides per title whether the top rung is the source copied
 * (top-rung-choice.ts, TOP_RUNG=auto); the lecture on the grid is also run with
 * TOP_RUNG=copy (the copy whenever eligible, as before), and the analysis pass alone
 * is timed on each source.
 *   npm run bench:transcode            (BENCH_SECONDS=60 by default)
 */
import { execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { generateClip } from "@coursecast/dev/test-support";
import { DEFAULT_LADDER } from "@coursecast/shared";
import {
  CAPPED_QUALITY,
  canCopyTopRung,
  copyIsWorthIt,
  inspectSource,
  planLadder,
  sampleTopRung,
} from "@coursecast/transcoder";
import { ladderFigures, type LadderFigures } from "./ladder-figures.ts";
import { processTree } from "./process-tree.ts";
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
  env: Record<string, string> = {},
): Promise<{ seconds: number; peakRssMiB: number; cpuSeconds: number }> {
  const started = performance.now();
  const child = spawn(command, args, {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, ...env },
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  let peak = 0;
  // CPU time sampled every 100 ms per process: steadier than wall time on a shared machine.
  const cpu = new Map<number, number>();
  const timer = setInterval(
    () =>
      void processTree(child.pid!).then((tree) => {
        peak = Math.max(
          peak,
          tree.reduce((sum, p) => sum + p.rssMiB, 0),
        );
        for (const p of tree) cpu.set(p.pid, Math.max(cpu.get(p.pid) ?? 0, p.cpuSeconds));
      }),
    100,
  );
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${stderr}`);
  return {
    seconds: (performance.now() - started) / 1000,
    peakRssMiB: Math.round(peak),
    cpuSeconds: [...cpu.values()].reduce((sum, s) => sum + s, 0),
  };
}

const transcoderCli = (input: string, outDir: string, profile: string, topRung = "auto") =>
  timed(process.execPath, [join(here, "..", "transcoder", "src", "cli.ts"), input, outDir], {
    ENCODING_PROFILE: profile,
    FFMPEG_PRESET: preset,
    TOP_RUNG: topRung,
  });

/** CPU seconds of this process's finished children (ffmpeg), from /proc: utime + stime. */
async function childrenCpuSeconds(): Promise<number> {
  const stat = await readFile("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // cutime and cstime are fields 16 and 17 of stat(5), in clock ticks (100 a second here).
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** The top rung's analysis pass alone on one source: its cost and what it decided. */
async function topRungAnalysis(input: string) {
  const info = await inspectSource(input, 24 * 3600);
  const top = planLadder(DEFAULT_LADDER, info)[0]!;
  if (!canCopyTopRung(info, top)) return { eligible: false };
  const cpuBefore = await childrenCpuSeconds();
  const started = performance.now();
  const sampled = await sampleTopRung(input, info, CAPPED_QUALITY.rung(top, preset), {});
  const keeps = sampled.encodedBytes / sampled.sourceBytes;
  return {
    eligible: true,
    encodeKeepsOfSourceBits: +keeps.toFixed(3),
    copied: copyIsWorthIt(sampled.sourceBytes, sampled.encodedBytes),
    seconds: +((performance.now() - started) / 1000).toFixed(1),
    cpuSeconds: +((await childrenCpuSeconds()) - cpuBefore).toFixed(1),
  };
}

interface LadderRun {
  seconds: number;
  cpuSeconds: number;
  figures: LadderFigures;
}

/** Capped-quality against fixed-bitrate on one source: the per-title rows. */
function compareLadders(fixed: LadderRun, capped: LadderRun) {
  const ratio = (a: number, b: number) => +(a / b).toFixed(3);
  return {
    fixed: {
      seconds: +fixed.seconds.toFixed(1),
      cpuSeconds: +fixed.cpuSeconds.toFixed(1),
      ...fixed.figures,
    },
    cappedQuality: {
      seconds: +capped.seconds.toFixed(1),
      cpuSeconds: +capped.cpuSeconds.toFixed(1),
      ...capped.figures,
    },
    ratios: {
      hlsBytesPerHour: ratio(capped.figures.hlsBytesPerHour, fixed.figures.hlsBytesPerHour),
      storedBytesPerHour: ratio(
        capped.figures.storedBytesPerHour,
        fixed.figures.storedBytesPerHour,
      ),
      encodeSeconds: ratio(capped.seconds, fixed.seconds),
      encodeCpuSeconds: ratio(capped.cpuSeconds, fixed.cpuSeconds),
      rungs: capped.figures.rungs.map((r) => {
        const base = fixed.figures.rungs.find((f) => f.name === r.name);
        return {
          name: r.name,
          averageBitrate: base ? ratio(r.averageKbps, base.averageKbps) : null,
          peakBitrate: base ? ratio(r.peakKbps, base.peakKbps) : null,
          psnrDifferenceDb:
            base && typeof r.psnr === "number" && typeof base.psnr === "number"
              ? +(r.psnr - base.psnr).toFixed(2)
              : null,
          ssimDifference: base ? +(r.ssim - base.ssim).toFixed(4) : null,
        };
      }),
    },
  };
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
  const full = await transcoderCli(source, join(dir, "full"), "capped-quality");

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

  // Per-title: every source through both ladders, the fixed one first, each in its own folder.
  const perTitle: Record<string, ReturnType<typeof compareLadders>> = {};
  const topRung: Record<string, Awaited<ReturnType<typeof topRungAnalysis>>> = {};
  const ladderRun = async (
    input: string,
    profile: string,
    out: string,
    topRungPolicy = "auto",
  ): Promise<LadderRun> => {
    const timing = await transcoderCli(input, out, profile, topRungPolicy);
    return { ...timing, figures: await ladderFigures(out, input) };
  };
  {
    const fixed = await ladderRun(source, "fixed-bitrate", join(dir, "grid-fixed"));
    perTitle.lectureOnGrid = compareLadders(fixed, {
      ...full,
      figures: await ladderFigures(join(dir, "full"), source),
    });
    // The copy whenever eligible (as before the per-title top rung), in the same run.
    const copied = await ladderRun(source, "capped-quality", join(dir, "grid-copy"), "copy");
    perTitle.lectureOnGridTopRungCopy = compareLadders(fixed, copied);
    topRung.lectureOnGrid = await topRungAnalysis(source);
  }
  const offGrid = join(dir, "lecture-offgrid.mp4");
  await run("bash", [
    join(here, "media", "make-lecture.sh"),
    offGrid,
    String(seconds),
    "1920x1080",
    "30",
    "240",
  ]);
  const noisy = join(dir, "noisy-1080p.mp4");
  await generateClip(noisy, {
    size: "1920x1080",
    seconds,
    filters: ",noise=alls=8:allf=t",
    crf: 18,
  });
  for (const [name, input] of [
    ["lectureOffGrid", offGrid],
    ["noisyHighMotion", noisy],
  ] as const) {
    const fixed = await ladderRun(input, "fixed-bitrate", join(dir, `${name}-fixed`));
    const capped = await ladderRun(input, "capped-quality", join(dir, `${name}-capped`));
    perTitle[name] = compareLadders(fixed, capped);
    topRung[name] = await topRungAnalysis(input);
  }

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
        perTitle,
        topRung,
      },
      null,
      2,
    ),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
