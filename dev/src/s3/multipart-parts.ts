import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { partPath } from "./atomic-writes.ts";
import { S3StandInError } from "./s3-error.ts";
import type { FilesystemStore, ObjectMetadata } from "./s3rver.ts";

/** An upload in s3rver's layout: `<bucket>/._S3rver_uploads/<uploadId>/{key,metadata,<n>,<n>.md5}`. */
export interface Upload {
  bucket: string;
  key: string;
  uploadId: string;
  dir: string;
}

export interface StoredPart {
  partNumber: number;
  /** Hex md5 without quotes. */
  etag: string;
  size: number;
  lastModified: Date;
}

const noSuchUpload = () =>
  new S3StandInError(
    404,
    "NoSuchUpload",
    "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
  );

/** The upload, if it exists for this bucket and key; NoSuchUpload otherwise. */
export async function findUpload(
  store: FilesystemStore,
  bucket: string,
  key: string,
  uploadId: string,
): Promise<Upload> {
  // s3rver's ids are 32 hex digits; anything else must not reach a file path.
  if (!/^[a-f0-9]{32}$/.test(uploadId)) throw noSuchUpload();
  const dir = join(store.getResourcePath(bucket, undefined, "uploads"), uploadId);
  const storedKey = await readFile(join(dir, "key"), "utf8").catch(() => null);
  if (storedKey !== key) throw noSuchUpload();
  return { bucket, key, uploadId, dir };
}

/** Parts in ascending order. A part still being written (no md5 yet) is not listed. */
export async function listParts(upload: Upload): Promise<StoredPart[]> {
  const names = (await readdir(upload.dir)).filter((name) => /^\d+$/.test(name));
  const parts = await Promise.all(
    names.map(async (name): Promise<StoredPart | null> => {
      try {
        const [info, md5] = await Promise.all([
          stat(join(upload.dir, name)),
          readFile(join(upload.dir, `${name}.md5`), "utf8"),
        ]);
        return {
          partNumber: Number(name),
          etag: md5.trim(),
          size: info.size,
          lastModified: info.mtime,
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
    }),
  );
  return parts.filter((p) => p !== null).sort((a, b) => a.partNumber - b.partNumber);
}

/** The headers given when the upload was created (s3rver keeps them all; S3Object filters). */
export async function uploadMetadata(upload: Upload): Promise<ObjectMetadata> {
  return JSON.parse(await readFile(join(upload.dir, "metadata"), "utf8")) as ObjectMetadata;
}

/** The chosen parts' bytes, one after another. */
export function concatenatedParts(
  store: FilesystemStore,
  upload: Upload,
  parts: StoredPart[],
): Readable {
  return Readable.from(
    (async function* () {
      for (const part of parts) {
        yield* createReadStream(partPath(store, upload.bucket, upload.uploadId, part.partNumber));
      }
    })(),
  );
}

/** The ETag S3 gives a completed multipart upload: md5 of the parts' binary md5s, dash, part count. */
export function multipartEtag(parts: StoredPart[]): string {
  const digest = createHash("md5");
  for (const part of parts) digest.update(Buffer.from(part.etag, "hex"));
  return `${digest.digest("hex")}-${parts.length}`;
}
