import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { startS3Server, type S3Server } from "@coursecast/dev";
import { standInS3Client } from "@coursecast/dev/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadFolder } from "../src/storage.ts";

// The real S3 stand-in (SigV4, multipart with S3's part checks).
const bucket = "media";
const credentials = { accessKeyId: "storage-test", secretAccessKey: "storage-test-secret" };
let dir: string;
let server: S3Server;
let s3: S3Client;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "storage-test-"));
  server = await startS3Server({
    port: 0,
    directory: join(dir, "s3"),
    ...credentials,
    buckets: [bucket],
    silent: true,
  });
  s3 = standInS3Client({ endpoint: server.url, credentials });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("uploadFolder", () => {
  it("should upload files above the threshold in parts and small ones with one PUT", async () => {
    const out = join(dir, "out");
    await mkdir(join(out, "hls"), { recursive: true });
    const big = randomBytes(11 * 1024 * 1024 + 123);
    await writeFile(join(out, "download.mp4"), big);
    await writeFile(join(out, "hls", "master.m3u8"), "#EXTM3U\n");
    const count = await uploadFolder(s3, bucket, out, "videos/v1/", {
      multipartAbove: 5 * 1024 * 1024,
      partSize: 5 * 1024 * 1024,
    });
    expect(count).toBe(2);
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: "videos/v1/download.mp4" }),
    );
    // A multipart object's ETag is the digest of its parts' digests, then "-<parts>".
    expect(head.ETag).toMatch(/-3"?$/);
    expect(head.ContentType).toBe("video/mp4");
    expect(head.ContentLength).toBe(big.length);
    const got = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: "videos/v1/download.mp4" }),
    );
    expect(sha256(await got.Body!.transformToByteArray())).toBe(sha256(big));
    const small = await s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: "videos/v1/hls/master.m3u8" }),
    );
    expect(small.ETag).not.toMatch(/-\d+"?$/);
    expect(small.ContentType).toBe("application/vnd.apple.mpegurl");
  });
});
