import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  S3Object,
  type FilesystemStore,
  type ObjectMetadata,
  type StoredObject,
} from "./s3rver.ts";

export interface Written {
  size: number;
  md5: string;
}

/**
 * Streams `content` to a temporary file beside `target` and renames it into
 * place once every byte is on disk. A failed or abandoned upload leaves the
 * previous file untouched, as S3 does; the temporary name never ends in
 * `._S3rver_object`, so listings do not see it.
 */
async function writeAtomically(
  target: string,
  content: Readable | Buffer,
  createFolders: boolean,
): Promise<Written> {
  if (createFolders) await mkdir(dirname(target), { recursive: true });
  const temporary = `${target}.${randomUUID()}.partial`;
  const md5 = createHash("md5");
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      md5.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
    await pipeline(source, meter, createWriteStream(temporary));
    await rename(temporary, target);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
  return { size, md5: md5.digest("hex") };
}

/** Replaces a small file whole: a reader sees the old or the new one, never a half-written one. */
async function replaceFile(target: string, text: string): Promise<void> {
  const temporary = `${target}.${randomUUID()}.partial`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, target);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}

const ALLOWED_METADATA = (S3Object as unknown as { ALLOWED_METADATA: readonly string[] })
  .ALLOWED_METADATA;

/**
 * s3rver's putMetadata, written through replaceFile: s3rver truncates and rewrites the
 * metadata JSON in place, and a GET that read it meanwhile failed with a 500 (a player
 * reloading a growing playlist the transcoder rewrites every half second).
 */
async function putMetadata(
  store: FilesystemStore,
  bucket: string,
  key: string,
  metadata: ObjectMetadata,
  md5?: string,
): Promise<void> {
  const kept = Object.fromEntries(
    Object.entries(metadata).filter(
      ([name]) => ALLOWED_METADATA.includes(name) || name.startsWith("x-amz-meta-"),
    ),
  );
  if (md5) await replaceFile(store.getResourcePath(bucket, key, "object.md5"), md5);
  await replaceFile(
    store.getResourcePath(bucket, key, "metadata.json"),
    JSON.stringify(kept, null, 2),
  );
}

/**
 * Stores an object with its metadata. `etag` replaces the content md5 as the
 * object's ETag (a completed multipart upload's `<md5 of md5s>-<n>`).
 */
export async function writeObject(
  store: FilesystemStore,
  object: StoredObject,
  etag?: string,
): Promise<Written> {
  if (!object.content) throw new Error(`writeObject: no content for ${object.key}`);
  const written = await writeAtomically(
    store.getResourcePath(object.bucket, object.key, "object"),
    object.content,
    true,
  );
  await putMetadata(store, object.bucket, object.key, object.metadata, etag ?? written.md5);
  return written;
}

export function partPath(
  store: FilesystemStore,
  bucket: string,
  uploadId: string,
  partNumber: number | string,
): string {
  return join(store.getResourcePath(bucket, undefined, "uploads"), uploadId, String(partNumber));
}

/**
 * s3rver answers a PUT once its hashing stream finishes — before the file
 * stream has flushed — and leaves a truncated object behind when the client
 * goes away (source errors are not forwarded by pipe()); it rewrites metadata in
 * place. These replacements write through temporary files renamed into place and
 * resolve only when the data is on disk.
 */
export function useAtomicWrites(store: FilesystemStore): void {
  store.putObject = (object) => writeObject(store, object);
  store.putMetadata = (bucket, key, metadata, md5) =>
    putMetadata(store, bucket, key, metadata, md5);
  store.putPart = async (bucket, uploadId, partNumber, content) => {
    const path = partPath(store, bucket, uploadId, partNumber);
    // The upload's folder exists (checked by multipart.ts); an aborted one is not recreated.
    const written = await writeAtomically(path, content, false);
    await writeFile(`${path}.md5`, written.md5);
    return written;
  };
}
