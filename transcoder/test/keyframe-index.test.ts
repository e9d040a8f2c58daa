import { execFile } from "node:child_process";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeKeyframeTimes } from "../src/ffmpeg/probe-data.ts";
import { mp4KeyframeTimes } from "../src/mp4/keyframe-index.ts";
import { presignedGetUrl } from "../src/storage.ts";
import { startStorageBed, type StorageBed } from "./support/test-bed.ts";

// Real ffmpeg files in the layouts cameras, editors and ffmpeg itself write; ffprobe's
// packet flags are the reference; the S3 stand-in and a plain HTTP server serve ranges.
const run = promisify(execFile);
const bucket = "media";
const credentials = { accessKeyId: "keyframe-test", secretAccessKey: "keyframe-test-secret" };
let bed: StorageBed;

const source = (size = "320x240") => ["-f", "lavfi", "-i", `testsrc2=s=${size}:r=30:d=12`];
const TONE = ["-f", "lavfi", "-i", "sine=d=12"];
const H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"];

/** Each file's ffmpeg arguments after the inputs (or the whole command for a cut). */
const FILES: Record<string, string[]> = {
  // B-frames: an edit list skips x264's delay; the index at the front.
  "bframes-faststart.mp4": [...H264, "-preset", "fast", "-g", "60", "-movflags", "+faststart"],
  // The index after the media, as most phones and cameras write it.
  "index-at-end.mp4": [...H264, "-g", "45"],
  "quicktime.mov": [...H264, "-g", "50", "-f", "mov"],
  // Keyframes off any grid, at scene cuts and every 90 frames.
  "scenecut.mp4": [...H264, "-preset", "fast", "-x264-params", "keyint=90:min-keyint=10"],
};

async function make(name: string, args: string[], size?: string): Promise<string> {
  const path = join(bed.dir, name);
  await run("ffmpeg", [
    "-hide_banner",
    "-loglevel",
    "error",
    "-y",
    ...source(size),
    ...TONE,
    ...args,
    path,
  ]);
  return path;
}

/** A plain HTTP server answering Range requests as S3 does, counting the bytes it sends. */
async function rangeServer(path: string) {
  const size = (await stat(path)).size;
  let sent = 0;
  const server: Server = createServer((req, res) => {
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? "");
    if (!range) {
      res.writeHead(200, { "content-length": size });
      createReadStream(path)
        .on("data", (c) => (sent += c.length))
        .pipe(res);
      return;
    }
    const start = Number(range[1]);
    if (start >= size) return void res.writeHead(416).end();
    const end = Math.min(size - 1, Number(range[2]));
    res.writeHead(206, {
      "content-length": end - start + 1,
      "content-range": `bytes ${start}-${end}/${size}`,
    });
    createReadStream(path, { start, end })
      .on("data", (c) => (sent += c.length))
      .pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/source`,
    size,
    sent: () => sent,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function expectSameTimes(actual: number[] | null, reference: number[]) {
  expect(actual).not.toBeNull();
  expect(actual!.length).toBe(reference.length);
  // ffprobe prints six decimals.
  actual!.forEach((t, i) => expect(Math.abs(t - reference[i]!), `#${i}`).toBeLessThan(1e-5));
}

beforeAll(async () => {
  bed = await startStorageBed({
    name: "keyframe-index",
    bucket,
    credentials,
    secret: "whsec_keyframe_index_test",
  });
}, 30_000);

afterAll(async () => {
  await bed?.close();
});

describe("keyframe times from an MP4's index", () => {
  it("should match every packet's key flag in MP4 and MOV files, whatever their layout", async () => {
    for (const [name, args] of Object.entries(FILES)) {
      const path = await make(name, args);
      const reference = await probeKeyframeTimes(path);
      expect(reference.length, name).toBeGreaterThan(1);
      expectSameTimes(await mp4KeyframeTimes(path), reference);
    }
    // A cut by stream copy off a keyframe: ffmpeg's timeline starts before 0 there.
    const cut = join(bed.dir, "cut.mp4");
    await run("ffmpeg", [
      ...["-loglevel", "error", "-y", "-ss", "3.1", "-i", join(bed.dir, "scenecut.mp4")],
      ...["-c", "copy", "-t", "5", cut],
    ]);
    const reference = await probeKeyframeTimes(cut);
    expect(reference[0]).toBeLessThan(0);
    expectSameTimes(await mp4KeyframeTimes(cut), reference);
  }, 60_000);

  it("should leave a fragmented MP4 and a Matroska file to ffprobe", async () => {
    const fragmented = await make("fragmented.mp4", [
      ...H264,
      ...["-movflags", "frag_keyframe+empty_moov"],
    ]);
    const matroska = await make("matroska.mkv", H264);
    expect(await mp4KeyframeTimes(fragmented)).toBeNull();
    expect(await mp4KeyframeTimes(matroska)).toBeNull();
  }, 60_000);

  it("should read only the index over HTTP, not the file, when the index is at the end", async () => {
    // Tens of megabytes of media before the index: ffprobe's packet scan reads all of it.
    const path = await make(
      "large-index-at-end.mp4",
      [...H264, "-qp", "0", "-g", "60"],
      "1280x720",
    );
    const server = await rangeServer(path);
    try {
      expectSameTimes(await mp4KeyframeTimes(server.url), await probeKeyframeTimes(path));
      expect(server.size).toBeGreaterThan(8_000_000);
      // The first read (1 MiB) and the index at the end.
      expect(server.sent()).toBeLessThan(server.size / 4);
    } finally {
      await server.close();
    }
  }, 60_000);

  it("should read the index through a presigned GET of the S3 stand-in", async () => {
    const path = join(bed.dir, "index-at-end.mp4");
    await bed.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: "uploads/k/source", Body: await readFile(path) }),
    );
    const url = await presignedGetUrl(bed.s3, bucket, "uploads/k/source", 60);
    expectSameTimes(await mp4KeyframeTimes(url), await probeKeyframeTimes(path));
  }, 30_000);
});
