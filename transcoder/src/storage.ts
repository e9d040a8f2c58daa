import { createReadStream, createWriteStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { extname, join, relative } from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { WorkerConfig } from "./config.ts";

const UPLOAD_CONCURRENCY = 8;

const TYPES: Record<string, string> = {
  ".m3u8": "application/vnd.apple.mpegurl",
  ".m4s": "video/iso.segment",
  ".mp4": "video/mp4",
  ".mp3": "audio/mpeg",
  ".jpg": "image/jpeg",
  ".vtt": "text/vtt",
  ".json": "application/json",
};

export function contentTypeOf(path: string): string {
  return TYPES[extname(path)] ?? "application/octet-stream";
}

/** Segments never change under a key; playlists and manifests might be rewritten by a redelivery. */
function cacheControlOf(path: string): string {
  return [".m3u8", ".json", ".vtt"].includes(extname(path))
    ? "public, max-age=60"
    : "public, max-age=31536000, immutable";
}

export function createS3(config: WorkerConfig): S3Client {
  return new S3Client({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    forcePathStyle: true,
    credentials: {
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    },
    // Retries with backoff for every call (uploads included).
    maxAttempts: 4,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

/**
 * Streams an object to disk: never buffered in memory. With `ifMatch`, storage
 * answers 412 (PreconditionFailed) when the object is no longer that version.
 */
export async function downloadObject(
  s3: S3Client,
  bucket: string,
  key: string,
  path: string,
  signal?: AbortSignal,
  ifMatch?: string,
): Promise<void> {
  const response = await s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: key, ...(ifMatch ? { IfMatch: ifMatch } : {}) }),
    signal ? { abortSignal: signal } : {},
  );
  await pipeline(response.Body as Readable, createWriteStream(path), signal ? { signal } : {});
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out;
}

/** Uploads a folder under `prefix` in parallel; keys are deterministic, so a redelivery overwrites. */
export async function uploadFolder(
  s3: S3Client,
  bucket: string,
  dir: string,
  prefix: string,
  signal?: AbortSignal,
): Promise<number> {
  const files = await listFiles(dir);
  const queue = [...files];
  await Promise.all(
    Array.from({ length: Math.min(UPLOAD_CONCURRENCY, queue.length) }, async () => {
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
        const key = `${prefix}${relative(dir, path).split("\\").join("/")}`;
        await s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: createReadStream(path),
            ContentLength: (await stat(path)).size,
            ContentType: contentTypeOf(path),
            CacheControl: cacheControlOf(path),
          }),
          signal ? { abortSignal: signal } : {},
        );
      }
    }),
  );
  return files.length;
}
