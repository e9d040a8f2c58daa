import { createReadStream, createWriteStream } from "node:fs";
import { readFile, readdir, stat } from "node:fs/promises";
import { extname, join, relative } from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { Upload } from "@aws-sdk/lib-storage";
import type { WorkerConfig } from "./config.ts";

const UPLOAD_CONCURRENCY = 8;

/**
 * Files above this go up in parts: S3 refuses a single PUT over 5 GiB, which a
 * 4-hour lecture's top rung or MP4 download passes. Parts of 64 MiB keep a 50 GiB
 * file under S3's 10,000-part limit.
 */
export const MULTIPART_DEFAULTS = { above: 256 * 1024 * 1024, partSize: 64 * 1024 * 1024 };
const PARTS_AT_ONCE = 4;
/** Files up to this size (every HLS segment) are read into memory to be uploaded. */
const RETRYABLE_BODY_BYTES = 32 * 1024 * 1024;

export interface UploadOptions {
  signal?: AbortSignal;
  /** Bytes above which a file is uploaded in parts (tests lower it). */
  multipartAbove?: number;
  /** Bytes per part; S3's minimum is 5 MiB. */
  partSize?: number;
}

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

/** One file: a single PUT, or a multipart upload (aborted on failure) above the threshold. */
export async function uploadFile(
  s3: S3Client,
  object: { bucket: string; key: string; path: string },
  options: UploadOptions,
): Promise<void> {
  const size = (await stat(object.path)).size;
  const params = {
    Bucket: object.bucket,
    Key: object.key,
    // A small file goes up from memory: the SDK can then retry it (a stream it cannot),
    // e.g. when a kept-alive connection was closed by storage just as it was reused.
    Body:
      size <= RETRYABLE_BODY_BYTES ? await readFile(object.path) : createReadStream(object.path),
    ContentType: contentTypeOf(object.path),
    CacheControl: cacheControlOf(object.path),
  };
  if (size <= (options.multipartAbove ?? MULTIPART_DEFAULTS.above)) {
    await s3.send(
      new PutObjectCommand({ ...params, ContentLength: size }),
      options.signal ? { abortSignal: options.signal } : {},
    );
    return;
  }
  const upload = new Upload({
    client: s3,
    params,
    partSize: options.partSize ?? MULTIPART_DEFAULTS.partSize,
    queueSize: PARTS_AT_ONCE,
    leavePartsOnError: false,
  });
  const abort = () => void upload.abort().catch(() => undefined);
  options.signal?.addEventListener("abort", abort, { once: true });
  try {
    await upload.done();
  } finally {
    options.signal?.removeEventListener("abort", abort);
  }
}

/** Uploads a folder under `prefix` in parallel; keys are deterministic, so a redelivery overwrites. */
export async function uploadFolder(
  s3: S3Client,
  bucket: string,
  dir: string,
  prefix: string,
  options: UploadOptions = {},
): Promise<number> {
  const files = await listFiles(dir);
  const queue = [...files];
  await Promise.all(
    Array.from({ length: Math.min(UPLOAD_CONCURRENCY, queue.length) }, async () => {
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
        const key = `${prefix}${relative(dir, path).split("\\").join("/")}`;
        await uploadFile(s3, { bucket, key, path }, options);
      }
    }),
  );
  return files.length;
}

/** A time-limited GET URL of an object, for ffmpeg to read it in ranges instead of staging it. */
export function presignedGetUrl(
  s3: S3Client,
  bucket: string,
  key: string,
  expiresInSeconds: number,
): Promise<string> {
  return getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), {
    expiresIn: expiresInSeconds,
  });
}

/**
 * Checks the object is still the version named (`If-Match`) and resolves to its
 * size. A one-byte GET, not a HEAD: its error body tells a missing key
 * (NoSuchKey) from a missing bucket, as the download did.
 */
export async function checkObjectVersion(
  s3: S3Client,
  bucket: string,
  key: string,
  etag: string | undefined,
  signal?: AbortSignal,
): Promise<number> {
  const response = await s3
    .send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        Range: "bytes=0-0",
        ...(etag ? { IfMatch: etag } : {}),
      }),
      signal ? { abortSignal: signal } : {},
    )
    .catch((err: unknown) => {
      // An empty object has no byte 0: storage answers 416.
      if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 416)
        return null;
      throw err;
    });
  if (!response) return 0;
  await response.Body?.transformToByteArray();
  const total = /\/(\d+)$/.exec(response.ContentRange ?? "")?.[1];
  return total !== undefined ? Number(total) : (response.ContentLength ?? 0);
}

/** A small text object (a playlist), or null when there is none. */
export async function readTextObject(
  s3: S3Client,
  bucket: string,
  key: string,
  signal?: AbortSignal,
): Promise<string | null> {
  try {
    const response = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: key }),
      signal ? { abortSignal: signal } : {},
    );
    return (await response.Body?.transformToString("utf8")) ?? null;
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === "NoSuchKey" || name === "NotFound") return null;
    throw err;
  }
}

/** A playlist written by the streaming uploader: never cached long (it grows or is replaced). */
export async function putTextObject(
  s3: S3Client,
  object: { bucket: string; key: string; text: string; final?: boolean },
  signal?: AbortSignal,
): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: object.bucket,
      Key: object.key,
      Body: object.text,
      ContentType: contentTypeOf(object.key),
      CacheControl: object.final ? cacheControlOf(object.key) : "no-cache",
    }),
    signal ? { abortSignal: signal } : {},
  );
}
