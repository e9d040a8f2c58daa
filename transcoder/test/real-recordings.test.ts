import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_LADDER } from "@coursecast/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputRejectedError } from "../src/errors.ts";
import { inspectSource } from "../src/pipeline/inspect-source.ts";
import { transcodeFile } from "../src/pipeline/transcode-file.ts";
import {
  beepTime,
  combedFrames,
  ffprobeJson,
  firstSegmentStart,
  flashTime,
  joinSegments,
  makeAnamorphic,
  makeAudioOnly,
  makeBrowserWebm,
  makeHdr,
  makeInterlaced,
  makeSilentFirstTrack,
  makeSized,
  makeVariableRate,
  makeWithSubtitles,
  maxVolume,
  pictureSize,
  rungKeyframeTimes,
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

describe("frame rate", () => {
  it("should encode a variable-rate recording at a constant rate with keyframes exactly on the 2 s grid", async () => {
    const source = await makeVariableRate(dir, "screen.mp4");
    const out = join(dir, "out-vfr");
    const manifest = await transcodeFile(source, out, options);
    for (const rendition of manifest.renditions) {
      const keys = await rungKeyframeTimes(join(out, "hls", rendition.name));
      expect(keys.map((t) => Math.round(t * 1000) / 1000)).toEqual([0, 2, 4]);
    }
    const probe = (await ffprobeJson(join(out, manifest.mp4.path), ["-show_streams"])) as {
      streams: Array<{ codec_type: string; r_frame_rate: string; avg_frame_rate: string }>;
    };
    const video = probe.streams.find((s) => s.codec_type === "video")!;
    expect(video.avg_frame_rate).toBe("30/1");
    expect(video.r_frame_rate).toBe("30/1");
  });
});

describe("several audio tracks", () => {
  it("should take the default track, not a silent track 0, for the MP3 and the HLS audio", async () => {
    const source = await makeSilentFirstTrack(dir, "two-tracks.mp4");
    const out = join(dir, "out-two-tracks");
    const manifest = await transcodeFile(source, out, options);
    expect(await maxVolume(join(out, manifest.mp3!.path))).toBeGreaterThan(-30);
    expect(await maxVolume(await joinSegments(join(out, "hls", "audio")))).toBeGreaterThan(-30);
  });
});

describe("picture formats", () => {
  it("should deinterlace an interlaced source", async () => {
    const source = await makeInterlaced(dir, "interlaced.mp4");
    const probe = (await ffprobeJson(source, ["-show_streams"])) as {
      streams: Array<{ field_order?: string }>;
    };
    expect(probe.streams[0]!.field_order).toBe("tt");
    const out = join(dir, "out-interlaced");
    const manifest = await transcodeFile(source, out, options);
    // idet finds combing in frames that are still interlaced, flagged or not.
    const counts = await combedFrames(
      await joinSegments(join(out, "hls", manifest.renditions[0]!.name)),
    );
    expect(counts.progressive).toBeGreaterThan(30);
    expect(counts.interlaced).toBeLessThan(counts.progressive / 10);
  });

  it("should deinterlace a combed source whose stream says it is progressive", async () => {
    const source = await makeInterlaced(dir, "combed.mp4", { flagged: false });
    const probe = (await ffprobeJson(source, ["-show_streams"])) as {
      streams: Array<{ field_order?: string }>;
    };
    expect(probe.streams[0]!.field_order).toBe("progressive");
    const out = join(dir, "out-combed");
    const manifest = await transcodeFile(source, out, options);
    const counts = await combedFrames(
      await joinSegments(join(out, "hls", manifest.renditions[0]!.name)),
    );
    expect(counts.progressive).toBeGreaterThan(30);
    expect(counts.interlaced).toBeLessThan(counts.progressive / 10);
    // A sharp moving progressive pattern (which fools idet into both field orders) is left alone.
    const progressive = await makeVideo(dir, "sharp-progressive.mp4", {
      size: "640x360",
      seconds: 6,
    });
    expect((await inspectSource(progressive, 3600)).video.interlaced).toBe(false);
  });

  it("should tone-map HDR (HEVC 10-bit HLG) to SDR BT.709 for the H.264 rungs", async () => {
    const source = await makeHdr(dir, "hdr.mp4");
    const out = join(dir, "out-hdr");
    const manifest = await transcodeFile(source, out, options);
    const probe = (await ffprobeJson(join(out, manifest.mp4.path), ["-show_streams"])) as {
      streams: Array<Record<string, string>>;
    };
    const video = probe.streams.find((s) => s.codec_type === "video")!;
    expect(video.codec_name).toBe("h264");
    expect(video.pix_fmt).toBe("yuv420p");
    expect(video.color_transfer).toBe("bt709");
    expect(video.color_primaries).toBe("bt709");
  });

  it("should make an anamorphic source's poster and thumbnails with square pixels", async () => {
    const source = await makeAnamorphic(dir, "anamorphic.mp4");
    const out = join(dir, "out-anamorphic");
    const manifest = await transcodeFile(source, out, options);
    expect([manifest.width, manifest.height]).toEqual([854, 480]);
    const [pw, ph] = await pictureSize(join(out, manifest.poster.path));
    expect(pw / ph).toBeCloseTo(16 / 9, 1);
    const [tw, th] = await pictureSize(join(out, manifest.thumbnails[0]!.path));
    expect(tw / th).toBeCloseTo(16 / 9, 1);
  });

  it("should give a source a few lines short of a rung that rung", async () => {
    const source = await makeSized(dir, "853x479.mp4", "854x478", 2);
    const manifest = await transcodeFile(source, join(dir, "out-near"), options);
    expect(manifest.renditions.map((r) => [r.name, r.width, r.height])).toEqual([
      ["480p", 858, 480],
      ["360p", 644, 360],
    ]);
  });
});

describe("short clips and subtitles", () => {
  it("should give a clip under 5 s a thumbnail", async () => {
    const source = await makeSized(dir, "short.mp4", "320x240", 3);
    const manifest = await transcodeFile(source, join(dir, "out-short"), options);
    expect(manifest.thumbnails.length).toBeGreaterThanOrEqual(1);
  });

  it("should keep a subtitle track as WebVTT in the HLS", async () => {
    const source = await makeWithSubtitles(dir, "captions.mp4");
    const out = join(dir, "out-captions");
    const manifest = await transcodeFile(source, out, options);
    const master = await (
      await import("node:fs/promises")
    ).readFile(join(out, manifest.masterPlaylist), "utf8");
    expect(master).toMatch(/#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs"/);
    expect(master).toMatch(/#EXT-X-STREAM-INF:.*SUBTITLES="subs"/);
    const uri = /TYPE=SUBTITLES.*URI="([^"]+)"/.exec(master)![1]!;
    const playlist = await (
      await import("node:fs/promises")
    ).readFile(join(out, "hls", uri), "utf8");
    const vtt = playlist.split("\n").find((l) => l.endsWith(".vtt"))!;
    const text = await (
      await import("node:fs/promises")
    ).readFile(join(out, "hls", uri, "..", vtt), "utf8");
    expect(text).toMatch(/^WEBVTT/);
    expect(text).toContain("Hello class");
  });
});

describe("audio-only lectures", () => {
  it.each([
    ["voice.m4a", "aac"],
    ["podcast.mp3", "libmp3lame"],
  ] as const)("should accept %s: audio HLS, an MP3 and a poster", async (name, codec) => {
    const source = await makeAudioOnly(dir, name, codec);
    const out = join(dir, `out-${name}`);
    const manifest = await transcodeFile(source, out, options);
    expect(manifest.durationSeconds).toBeCloseTo(5, 0);
    expect(manifest.mp3).not.toBeNull();
    expect(await maxVolume(join(out, manifest.mp3!.path))).toBeGreaterThan(-30);
    expect(await maxVolume(await joinSegments(join(out, "hls", "audio")))).toBeGreaterThan(-30);
    const poster = await (
      await import("node:fs/promises")
    ).readFile(join(out, manifest.poster.path));
    expect([...poster.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  });
});
