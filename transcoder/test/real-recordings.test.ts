import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_LADDER } from "@coursecast/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputRejectedError } from "../src/errors.ts";
import { transcodeFile } from "../src/pipeline/transcode-file.ts";
import {
  beepTime,
  ffprobeJson,
  firstSegmentStart,
  flashTime,
  makeBrowserWebm,
  makeLyingDuration,
  makeOffsetAudio,
  makeRotated,
  makeTextFile,
  makeTruncated,
  makeTruncatedFaststart,
  makeVideo,
} from "./support/media.ts";

// Issue #12: recordings of the kinds people upload, generated here with ffmpeg,
// run through the real pipeline and checked by probing the outputs.
let dir: string;
const options = { ladder: DEFAULT_LADDER, maxDurationSeconds: 4 * 3600, preset: "ultrafast" };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "real-recordings-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface ProbedStream {
  codec_type: string;
  width?: number;
  height?: number;
  sample_aspect_ratio?: string;
  side_data_list?: Array<{ rotation?: number }>;
}

async function videoStream(path: string): Promise<ProbedStream> {
  const probe = (await ffprobeJson(path, ["-show_streams"])) as { streams: ProbedStream[] };
  return probe.streams.find((s) => s.codec_type === "video")!;
}

async function rejection(promise: Promise<unknown>): Promise<InputRejectedError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputRejectedError);
  return error as InputRejectedError;
}

describe("a rotated phone video (display-matrix rotation)", () => {
  it("should come out upright in portrait rungs with square pixels and portrait dimensions", async () => {
    const source = await makeRotated(dir, "phone.mp4");
    const out = join(dir, "out-phone");
    const manifest = await transcodeFile(source, out, options);
    expect([manifest.width, manifest.height]).toEqual([720, 1280]);
    expect(manifest.renditions.map((r) => [r.name, r.width, r.height])).toEqual([
      ["720p", 720, 1280],
      ["480p", 480, 854],
      ["360p", 360, 640],
    ]);
    const rung = await videoStream(join(out, "hls", "720p", "init_1.mp4"));
    expect([rung.width, rung.height]).toEqual([720, 1280]);
    expect(["1:1", undefined]).toContain(rung.sample_aspect_ratio);
    const mp4 = await videoStream(join(out, manifest.mp4.path));
    expect([mp4.width, mp4.height]).toEqual([720, 1280]);
    expect(mp4.side_data_list?.find((d) => d.rotation)).toBeUndefined();
  });

  it("should not stream-copy a rotated source that is otherwise copy-eligible", async () => {
    const source = await makeRotated(dir, "phone-grid.mp4", { gridAligned: true });
    const out = join(dir, "out-phone-grid");
    const manifest = await transcodeFile(source, out, options);
    expect(manifest.topRungCopied).toBe(false);
    expect([manifest.renditions[0]!.width, manifest.renditions[0]!.height]).toEqual([720, 1280]);
    const mp4 = await videoStream(join(out, manifest.mp4.path));
    expect([mp4.width, mp4.height]).toEqual([720, 1280]);
  });
});

describe("durations", () => {
  it("should refuse a truncated upload as corrupt, saying how much was readable", async () => {
    const source = await makeTruncatedFaststart(dir, "cut.mp4");
    const out = join(dir, "out-cut");
    const error = await rejection(transcodeFile(source, out, options));
    expect(error.reason).toBe("corrupt");
    expect(error.message).toMatch(/cut off.*only 0:0[2-5] of 0:06/);
    // Nothing half-made is left behind (the CLI's output folder included).
    expect(await readdir(out).catch(() => [])).toEqual([]);
  });

  it("should take the duration from the streams, not a container header claiming hours", async () => {
    const twoHours = await makeLyingDuration(dir, "claims-2h.mp4", 7200);
    const manifest = await transcodeFile(twoHours, join(dir, "out-2h"), options);
    expect(manifest.durationSeconds).toBeCloseTo(5, 0);
    const tenHours = await makeLyingDuration(dir, "claims-10h.mp4", 36000);
    const other = await transcodeFile(tenHours, join(dir, "out-10h"), options);
    expect(other.durationSeconds).toBeCloseTo(5, 0);
  });

  it("should accept a browser-recorded WebM (VP9 + Opus, no duration in the header)", async () => {
    const source = await makeBrowserWebm(dir, "recorded.webm");
    const header = (await ffprobeJson(source, ["-show_format"])) as {
      format: { duration?: string };
    };
    expect(header.format.duration).toBeUndefined();
    const manifest = await transcodeFile(source, join(dir, "out-webm"), options);
    expect(manifest.durationSeconds).toBeGreaterThan(3.5);
    expect(manifest.durationSeconds).toBeLessThan(4.5);
    expect(manifest.mp3).not.toBeNull();
  });
});

describe("failure messages", () => {
  it("should say in plain words what is wrong and keep ffmpeg's diagnostic for the logs", async () => {
    const text = await makeTextFile(dir, "notes.mp4");
    const notVideo = await rejection(transcodeFile(text, join(dir, "out-notes"), options));
    expect(notVideo.reason).toBe("not_video");
    expect(notVideo.message).toMatch(/not a video file/);
    expect(notVideo.message).not.toMatch(/ffprobe|exited with code/);

    const good = await makeVideo(dir, "to-cut.mp4", { size: "320x240", seconds: 4 });
    const noIndex = await makeTruncated(dir, good, "no-moov.mp4");
    const cut = await rejection(transcodeFile(noIndex, join(dir, "out-no-moov"), options));
    expect(cut.reason).toBe("corrupt");
    expect(cut.message).toMatch(/cut off before the end/);
    expect(cut.diagnostic).toMatch(/moov atom not found/);
  });
});

describe("audio and video timing", () => {
  it("should keep a late-starting audio track in sync in the MP4 download and start every first segment at 0", async () => {
    const source = await makeOffsetAudio(dir, "late-audio.mp4");
    // The fixture itself: flash and beep together at 2 s.
    expect(Math.abs((await flashTime(source)) - (await beepTime(source)))).toBeLessThan(0.05);
    const out = join(dir, "out-late-audio");
    const manifest = await transcodeFile(source, out, options);
    const mp4 = join(out, manifest.mp4.path);
    const flash = await flashTime(mp4);
    const beep = await beepTime(mp4);
    expect(flash).toBeCloseTo(2, 1);
    expect(Math.abs(flash - beep)).toBeLessThan(0.05);
    // hls.js bufferSeekOverHole: audio and video must both start at 0.
    for (const name of [manifest.renditions[0]!.name, "audio"])
      expect(await firstSegmentStart(join(out, "hls", name))).toBe(0);
  });

  it("should start the first segments at 0 for a B-frame source too", async () => {
    const source = await makeVideo(dir, "bframes.mp4", { size: "320x240", seconds: 3 });
    const out = join(dir, "out-bframes");
    await transcodeFile(source, out, { ...options, preset: "veryfast" });
    for (const name of ["240p", "audio"])
      expect(await firstSegmentStart(join(out, "hls", name))).toBe(0);
  });
});
