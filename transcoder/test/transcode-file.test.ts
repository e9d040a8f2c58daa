import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_LADDER } from "@coursecast/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputRejectedError } from "../src/errors.ts";
import { transcodeFile } from "../src/pipeline/transcode-file.ts";
import { ffprobeJson, makeTextFile, makeTruncated, makeVideo } from "./support/media.ts";

// Real ffmpeg on generated media: outputs are checked by probing them.
let dir: string;
const options = { ladder: DEFAULT_LADDER, maxDurationSeconds: 3600, preset: "ultrafast" };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "transcode-file-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function keyframeTimes(
  playlistDir: string,
  init: string,
  segments: string[],
): Promise<number[]> {
  const joined = join(dir, `joined-${Math.random()}.mp4`);
  const parts = await Promise.all([init, ...segments].map((f) => readFile(join(playlistDir, f))));
  await (await import("node:fs/promises")).writeFile(joined, Buffer.concat(parts));
  const probe = (await ffprobeJson(joined, [
    "-select_streams",
    "v:0",
    "-skip_frame",
    "nokey",
    "-show_frames",
    "-show_entries",
    "frame=pts_time",
  ])) as {
    frames: Array<{ pts_time: string }>;
  };
  return probe.frames.map((f) => Number(f.pts_time));
}

describe("transcodeFile", () => {
  it("should make an aligned, never-upscaled ladder, an MP4, an MP3, a poster and a storyboard from a 720p source", async () => {
    const source = await makeVideo(dir, "lecture-720.mp4", { size: "1280x720", seconds: 6 });
    const out = join(dir, "out-720");
    const progress: number[] = [];
    const manifest = await transcodeFile(source, out, {
      ...options,
      onProgress: (p) => progress.push(p),
    });

    expect(manifest.renditions.map((r) => [r.name, r.height])).toEqual([
      ["720p", 720],
      ["480p", 480],
      ["360p", 360],
    ]);
    const master = await readFile(join(out, manifest.masterPlaylist), "utf8");
    expect(master).toContain('TYPE=AUDIO,GROUP-ID="group_aud"');
    expect(master.match(/#EXT-X-STREAM-INF/g)).toHaveLength(3);
    for (const rendition of manifest.renditions) {
      const playlist = await readFile(join(out, rendition.playlist), "utf8");
      expect(playlist).toContain("#EXT-X-ENDLIST");
      const segments = playlist.split("\n").filter((l) => l.endsWith(".m4s"));
      const init = /URI="([^"]+)"/.exec(playlist)![1]!;
      const keys = await keyframeTimes(join(out, "hls", rendition.name), init, segments);
      // A keyframe every 2 s on every rung: segments switch cleanly between rungs.
      expect(keys.map((t) => Math.round(t * 10) / 10)).toEqual([0, 2, 4]);
    }
    const mp4 = (await ffprobeJson(join(out, manifest.mp4.path), ["-show_streams"])) as {
      streams: Array<{ codec_type: string; height?: number }>;
    };
    expect(mp4.streams.map((s) => s.codec_type).sort()).toEqual(["audio", "video"]);
    expect(mp4.streams.find((s) => s.codec_type === "video")?.height).toBe(720);
    const mp3 = (await ffprobeJson(join(out, manifest.mp3!.path), ["-show_format"])) as {
      format: { duration: string; format_name: string };
    };
    expect(mp3.format.format_name).toBe("mp3");
    expect(Math.abs(Number(mp3.format.duration) - 6)).toBeLessThan(0.3);
    const poster = await readFile(join(out, manifest.poster.path));
    expect([...poster.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(await readFile(join(out, manifest.storyboard.path), "utf8")).toMatch(
      /^WEBVTT\n\n1\n00:00:00.000 --> 00:00:06.000\n0001.jpg/,
    );
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);
  });

  it("should stream-copy an H.264 source on the 2 s grid as the top rung, still aligned with the others", async () => {
    const source = await makeVideo(dir, "gop2-720.mp4", {
      size: "1280x720",
      seconds: 6,
      gopSeconds: 2,
      videoBitrate: "2000k",
    });
    const out = join(dir, "out-copy");
    // The copy itself is under test: testsrc2 at 2 Mb/s may be encoded by the per-title
    // rule (top-rung-choice.test.ts), so the copy is asked for whenever eligible.
    const manifest = await transcodeFile(source, out, { ...options, topRung: "copy" });
    expect(manifest.topRungCopied).toBe(true);
    const master = await readFile(join(out, manifest.masterPlaylist), "utf8");
    const variants = master.split("\n").filter((l) => l.startsWith("#EXT-X-STREAM-INF"));
    expect(variants).toHaveLength(3);
    for (const line of variants) expect(line).toMatch(/CODECS="avc1\.[0-9a-f]{6},mp4a\.40\.2"/);
    for (const rendition of manifest.renditions) {
      const playlist = await readFile(join(out, rendition.playlist), "utf8");
      const segments = playlist.split("\n").filter((l) => l.endsWith(".m4s"));
      const init = /URI="([^"]+)"/.exec(playlist)![1]!;
      const keys = await keyframeTimes(join(out, "hls", rendition.name), init, segments);
      expect(keys.map((t) => Math.round(t * 10) / 10)).toEqual([0, 2, 4]);
    }
    // The default-GOP source of the first test is encoded, not copied.
    const other = await transcodeFile(
      await makeVideo(dir, "gop-default.mp4", { size: "1280x720", seconds: 3 }),
      join(dir, "out-nocopy"),
      { ...options, topRung: "copy" },
    );
    expect(other.topRungCopied).toBe(false);
  });

  it("should keep a portrait video upright and skip rungs taller than the source", async () => {
    const source = await makeVideo(dir, "portrait.mp4", {
      size: "720x1280",
      seconds: 3,
      audio: false,
    });
    const manifest = await transcodeFile(source, join(dir, "out-portrait"), options);
    expect(manifest.renditions.map((r) => [r.name, r.width, r.height])).toEqual([
      ["720p", 720, 1280],
      ["480p", 480, 854],
      ["360p", 360, 640],
    ]);
    expect(manifest.mp3).toBeNull();
    const small = await makeVideo(dir, "tiny.mp4", { size: "320x240", seconds: 2 });
    const tiny = await transcodeFile(small, join(dir, "out-tiny"), options);
    expect(tiny.renditions.map((r) => [r.name, r.width, r.height])).toEqual([["240p", 320, 240]]);
  });

  it("should reject input that is not a usable video with a reason code", async () => {
    const text = await makeTextFile(dir, "notes.mp4");
    await expect(transcodeFile(text, join(dir, "out-text"), options)).rejects.toMatchObject({
      reason: "not_video",
    });
    const good = await makeVideo(dir, "to-truncate.mp4", { size: "640x360", seconds: 4 });
    const truncated = await makeTruncated(dir, good, "truncated.mp4");
    const error = await transcodeFile(truncated, join(dir, "out-trunc"), options).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputRejectedError);
    expect(["not_video", "corrupt"]).toContain((error as InputRejectedError).reason);
    const empty = join(dir, "empty.mp4");
    await (await import("node:fs/promises")).writeFile(empty, "");
    await expect(transcodeFile(empty, join(dir, "out-empty"), options)).rejects.toMatchObject({
      reason: "empty",
    });
    await expect(
      transcodeFile(good, join(dir, "out-long"), { ...options, maxDurationSeconds: 2 }),
    ).rejects.toMatchObject({ reason: "too_long" });
  });
});
