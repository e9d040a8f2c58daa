import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { generateClip, type ClipOptions } from "@coursecast/dev/test-support";

const run = promisify(execFile);

/** Short generated sources: testsrc2 + sine, as the issue asks (never committed). */
export function makeVideo(
  dir: string,
  name: string,
  options: Omit<ClipOptions, "capBitrate" | "source" | "filters" | "crf"> & { size: string },
): Promise<string> {
  return generateClip(join(dir, name), { ...options, capBitrate: true });
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

// ---------------------------------------------------------------------------
// Recordings of the kinds people upload (issue #12), each made with ffmpeg alone.

const SINE = (seconds: number, frequency = 440) => [
  "-f",
  "lavfi",
  "-i",
  `sine=frequency=${frequency}:sample_rate=48000:duration=${seconds}`,
];

/** ffmpeg with `args`, writing `name` in `dir`. */
export async function generate(dir: string, name: string, args: string[]): Promise<string> {
  const path = join(dir, name);
  await run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", ...args, path], {
    maxBuffer: 16 << 20,
  });
  return path;
}

/**
 * A phone clip held upright: stored 1280x720 with a 90° display matrix (what
 * ffmpeg 5.1 writes for `rotate=90`). `gridAligned` makes it otherwise eligible
 * for stream copy (keyframes every 2 s, within the 720p cap).
 */
export async function makeRotated(
  dir: string,
  name: string,
  options: { gridAligned?: boolean } = {},
): Promise<string> {
  const grid = options.gridAligned
    ? [
        "-g",
        "60",
        "-keyint_min",
        "60",
        "-sc_threshold",
        "0",
        "-b:v",
        "2M",
        "-maxrate",
        "2M",
        "-bufsize",
        "4M",
      ]
    : ["-g", "45"];
  const landscape = await generate(dir, `landscape-${name}`, [
    ...["-f", "lavfi", "-i", "testsrc2=s=1280x720:r=30:d=4"],
    ...SINE(4),
    ...["-c:v", "libx264", "-preset", "ultrafast", ...grid, "-pix_fmt", "yuv420p", "-c:a", "aac"],
  ]);
  return generate(dir, name, ["-i", landscape, "-c", "copy", "-metadata:s:v:0", "rotate=90"]);
}

/** The first 60 % of a faststart MP4: its index promises the whole length. */
export async function makeTruncatedFaststart(dir: string, name: string): Promise<string> {
  const good = await generate(dir, `whole-${name}`, [
    ...["-f", "lavfi", "-i", "testsrc2=s=320x240:r=30:d=6"],
    ...SINE(6),
    ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"],
    ...["-movflags", "+faststart"],
  ]);
  const bytes = await readFile(good);
  const path = join(dir, name);
  await writeFile(path, bytes.subarray(0, Math.floor((bytes.length * 60) / 100)));
  return path;
}

/** A 5 s MP4 whose movie header (mvhd) claims `claimedSeconds`. */
export async function makeLyingDuration(
  dir: string,
  name: string,
  claimedSeconds: number,
): Promise<string> {
  const path = await generate(dir, name, [
    ...["-f", "lavfi", "-i", "testsrc2=s=320x240:r=30:d=5"],
    ...SINE(5),
    ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"],
  ]);
  const bytes = await readFile(path);
  const at = bytes.indexOf("mvhd") + 4; // version 0: flags, creation, modification, timescale, duration
  const timescale = bytes.readUInt32BE(at + 12);
  bytes.writeUInt32BE(claimedSeconds * timescale, at + 16);
  await writeFile(path, bytes);
  return path;
}

/** What a browser's MediaRecorder makes: VP9 + Opus WebM streamed out, so no duration in the header. */
export async function makeBrowserWebm(dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  const { stdout } = await run(
    "ffmpeg",
    [
      ...["-hide_banner", "-loglevel", "error"],
      ...["-f", "lavfi", "-i", "testsrc2=s=320x240:r=30:d=4"],
      ...SINE(4),
      ...["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k"],
      ...["-c:a", "libopus", "-f", "webm", "pipe:1"],
    ],
    { encoding: "buffer", maxBuffer: 64 << 20 },
  );
  await writeFile(path, stdout);
  return path;
}

/**
 * Black, with a white flash at 2 s; a beep at 1.5 s on an audio track that starts
 * 0.5 s after the video: in sync, flash and beep both happen at 2 s.
 */
export async function makeOffsetAudio(dir: string, name: string): Promise<string> {
  const flash = await generate(dir, `flash-${name}`, [
    ...["-f", "lavfi", "-i", "color=c=black:s=320x240:r=30:d=6"],
    ...["-vf", "drawbox=c=white:t=fill:enable='between(t,2,2.2)'"],
    ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"],
  ]);
  const beep = await generate(dir, `beep-${name}.m4a`, [
    ...SINE(5.5, 1000),
    ...["-af", "volume='between(t,1.5,1.7)':eval=frame", "-c:a", "aac"],
  ]);
  return generate(dir, name, [
    ...["-i", flash, "-itsoffset", "0.5", "-i", beep],
    ...["-map", "0:v", "-map", "1:a", "-c", "copy"],
  ]);
}

/** A variable-rate clip (a phone or a screen recorder dropping frames): nominal 30, average 22. */
export async function makeVariableRate(dir: string, name: string): Promise<string> {
  return generate(dir, name, [
    ...["-f", "lavfi", "-i", "testsrc2=s=320x240:r=30:d=6"],
    ...SINE(6),
    ...["-vf", "select='not(between(mod(n\\,30)\\,10\\,17))'", "-fps_mode", "vfr"],
    ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"],
  ]);
}

/** Two audio tracks: the first silent, the second a tone and flagged default. */
export async function makeSilentFirstTrack(dir: string, name: string): Promise<string> {
  return generate(dir, name, [
    ...["-f", "lavfi", "-i", "testsrc2=s=320x240:r=30:d=4"],
    ...["-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo:d=4"],
    ...SINE(4),
    ...["-map", "0:v", "-map", "1:a", "-map", "2:a", "-t", "4"],
    ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"],
    ...["-disposition:a:0", "0", "-disposition:a:1", "default"],
  ]);
}

/**
 * Interlaced H.264 (top field first), as from a camcorder or a broadcast capture;
 * `flagged: false` codes the combed fields as progressive frames, as a re-encode
 * by a tool that drops the field flags does.
 */
export async function makeInterlaced(
  dir: string,
  name: string,
  options: { flagged?: boolean } = {},
): Promise<string> {
  const coding =
    options.flagged === false
      ? ["-vf", "tinterlace=interleave_top,setfield=prog"]
      : [
          ...["-vf", "tinterlace=interleave_top,setfield=tff"],
          ...["-flags", "+ildct+ilme", "-x264opts", "tff=1"],
        ];
  return generate(dir, name, [
    ...["-f", "lavfi", "-i", "testsrc2=s=640x480:r=60:d=3"],
    ...SINE(3),
    ...coding,
    ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"],
  ]);
}

/** HDR phone video: HEVC 10-bit, BT.2020 primaries, HLG transfer. */
export async function makeHdr(dir: string, name: string): Promise<string> {
  return generate(dir, name, [
    ...["-f", "lavfi", "-i", "testsrc2=s=640x360:r=30:d=3"],
    ...SINE(3),
    ...["-vf", "format=yuv420p10le"],
    ...["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error"],
    ...["-color_primaries", "bt2020", "-color_trc", "arib-std-b67", "-colorspace", "bt2020nc"],
    ...["-tag:v", "hvc1", "-c:a", "aac"],
  ]);
}

/** Anamorphic: 720x480 stored, pixels 32:27 wide (853x480 shown), like DV widescreen. */
export async function makeAnamorphic(dir: string, name: string): Promise<string> {
  return generate(dir, name, [
    ...["-f", "lavfi", "-i", "testsrc2=s=720x480:r=30:d=3"],
    ...SINE(3),
    ...["-vf", "setsar=32/27"],
    ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"],
  ]);
}

/** A clip of `size` (e.g. 854x478, just under 480p) lasting `seconds`. */
export async function makeSized(
  dir: string,
  name: string,
  size: string,
  seconds: number,
): Promise<string> {
  return generate(dir, name, [
    ...["-f", "lavfi", "-i", `testsrc2=s=${size}:r=30:d=${seconds}`],
    ...SINE(seconds),
    ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"],
  ]);
}

/** A short clip with a subtitle track (mov_text), as exported by an editor with captions. */
export async function makeWithSubtitles(dir: string, name: string): Promise<string> {
  const srt = join(dir, `${name}.srt`);
  await writeFile(
    srt,
    "1\n00:00:00,500 --> 00:00:02,000\nHello class\n\n2\n00:00:02,500 --> 00:00:03,500\nToday: HLS\n",
  );
  return generate(dir, name, [
    ...["-f", "lavfi", "-i", "testsrc2=s=320x240:r=30:d=4"],
    ...SINE(4),
    ...["-i", srt, "-map", "0:v", "-map", "1:a", "-map", "2:s"],
    ...[
      "-c:v",
      "libx264",
      "-preset",
      "ultrafast",
      "-pix_fmt",
      "yuv420p",
      "-c:a",
      "aac",
      "-c:s",
      "mov_text",
    ],
  ]);
}

/** An audio-only lecture: AAC in .m4a, or MP3. */
export async function makeAudioOnly(
  dir: string,
  name: string,
  codec: "aac" | "libmp3lame",
): Promise<string> {
  return generate(dir, name, [...SINE(5), "-c:a", codec]);
}

// ---------------------------------------------------------------------------
// Measurements of outputs.

/** Presentation time of the first packet of a playlist's first segment (init + segment 0). */
export async function firstSegmentStart(playlistDir: string): Promise<number> {
  const playlist = await readFile(join(playlistDir, "index.m3u8"), "utf8");
  const init = /URI="([^"]+)"/.exec(playlist)![1]!;
  const first = playlist.split("\n").find((l) => l.endsWith(".m4s"))!;
  const joined = join(playlistDir, `joined-first.mp4`);
  await writeFile(
    joined,
    Buffer.concat([
      await readFile(join(playlistDir, init)),
      await readFile(join(playlistDir, first)),
    ]),
  );
  const probe = (await ffprobeJson(joined, [
    "-show_entries",
    "packet=pts_time",
    "-read_intervals",
    "%+#1",
  ])) as {
    packets: Array<{ pts_time: string }>;
  };
  const { rm } = await import("node:fs/promises");
  await rm(joined);
  return Number(probe.packets[0]!.pts_time);
}

/** Seconds at which the picture first turns bright (a flash). */
export async function flashTime(path: string): Promise<number> {
  const probe = (await ffprobeJson(`movie=${path},signalstats`, [
    "-f",
    "lavfi",
    "-show_entries",
    "frame=pts_time:frame_tags=lavfi.signalstats.YAVG",
  ])) as { frames: Array<{ pts_time: string; tags?: Record<string, string> }> };
  const frame = probe.frames.find((f) => Number(f.tags?.["lavfi.signalstats.YAVG"]) > 128);
  return Number(frame?.pts_time ?? NaN);
}

/** Seconds at which the sound first rises above silence (a beep). */
export async function beepTime(path: string): Promise<number> {
  const { stderr } = await run("ffmpeg", [
    ...["-hide_banner", "-nostats", "-i", path, "-map", "0:a:0"],
    ...["-af", "silencedetect=n=-30dB:d=0.05", "-f", "null", "-"],
  ]);
  return Number(/silence_end: ([\d.]+)/.exec(stderr)?.[1] ?? NaN);
}

/** Peak level of a file's first audio track in dB (-91 for digital silence). */
export async function maxVolume(path: string): Promise<number> {
  const { stderr } = await run("ffmpeg", [
    ...["-hide_banner", "-nostats", "-i", path, "-map", "0:a:0"],
    ...["-af", "volumedetect", "-f", "null", "-"],
  ]);
  return Number(/max_volume: (-?[\d.]+|-inf) dB/.exec(stderr)?.[1] ?? -Infinity);
}

/** Every keyframe time of a rung, read from its init segment and all its segments joined. */
export async function rungKeyframeTimes(playlistDir: string): Promise<number[]> {
  const joined = await joinSegments(playlistDir);
  const probe = (await ffprobeJson(joined, [
    ...["-select_streams", "v:0", "-skip_frame", "nokey"],
    ...["-show_entries", "frame=pts_time"],
  ])) as { frames: Array<{ pts_time: string }> };
  return probe.frames.map((f) => Number(f.pts_time));
}

/** A playlist's init segment and segments in one file (`joined.mp4` in the same folder). */
export async function joinSegments(playlistDir: string): Promise<string> {
  const playlist = await readFile(join(playlistDir, "index.m3u8"), "utf8");
  const init = /URI="([^"]+)"/.exec(playlist)![1]!;
  const segments = playlist.split("\n").filter((l) => l.endsWith(".m4s"));
  const parts = await Promise.all([init, ...segments].map((f) => readFile(join(playlistDir, f))));
  const joined = join(playlistDir, "joined.mp4");
  await writeFile(joined, Buffer.concat(parts));
  return joined;
}

/** Width and height of an image or a video's first stream. */
export async function pictureSize(path: string): Promise<[number, number]> {
  const probe = (await ffprobeJson(path, ["-show_streams"])) as {
    streams: Array<{ width?: number; height?: number }>;
  };
  const stream = probe.streams.find((s) => s.width)!;
  return [stream.width!, stream.height!];
}

/** ffmpeg's interlace detector over a whole file: frames it finds combed versus progressive. */
export async function combedFrames(
  path: string,
): Promise<{ interlaced: number; progressive: number }> {
  const { stderr } = await run("ffmpeg", [
    ...["-hide_banner", "-nostats", "-i", path, "-map", "0:v:0", "-vf", "idet", "-f", "null", "-"],
  ]);
  const match = /Multi frame detection: TFF:\s*(\d+)\s*BFF:\s*(\d+)\s*Progressive:\s*(\d+)/.exec(
    stderr,
  );
  return {
    interlaced: Number(match?.[1] ?? 0) + Number(match?.[2] ?? 0),
    progressive: Number(match?.[3] ?? 0),
  };
}
