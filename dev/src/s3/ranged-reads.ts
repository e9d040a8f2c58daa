import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { header, pathTarget, type KoaMiddleware } from "./koa-context.ts";
import { S3StandInError } from "./s3-error.ts";
import { S3Object, type FilesystemStore, type ReadOptions, type StoredObject } from "./s3rver.ts";

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

function open(path: string, range?: { start: number; end: number }): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const stream = createReadStream(path, range);
    stream.once("error", reject).once("open", () => resolve(stream));
  });
}

/**
 * s3rver reads `bytes=0-0` as the whole object (`end || Infinity`). This
 * replacement honours every explicit end; otherwise it answers as s3rver does
 * (a range with no content makes s3rver answer 416 InvalidRange).
 */
function readObject(store: FilesystemStore) {
  return async function getObject(
    bucket: string,
    key: string,
    options?: ReadOptions,
  ): Promise<StoredObject | null> {
    let metadata;
    try {
      metadata = await store.getMetadata(bucket, key);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
    const path = store.getResourcePath(bucket, key, "object");
    if (options?.start === undefined && options?.end === undefined)
      return new S3Object(bucket, key, await open(path), metadata);
    const size = Number(metadata["content-length"]);
    const start = options.start ?? 0;
    const end = Math.min(options.end ?? Number.POSITIVE_INFINITY, size - 1);
    const satisfiable = start < size && start <= end;
    const object = new S3Object(
      bucket,
      key,
      satisfiable ? await open(path, { start, end }) : null,
      metadata,
    );
    object.range = { start, end };
    return object;
  };
}

/**
 * Range GETs as S3 answers them: a suffix range (`bytes=-500`, the last 500
 * bytes — s3rver would serve the first 501) is made absolute; a header S3
 * ignores (several ranges, another unit, end before start) is dropped so the
 * whole object is served with 200.
 */
export function rangedReads(store: FilesystemStore): KoaMiddleware {
  store.getObject = readObject(store);
  return async function rangedReads(ctx, next) {
    const range = header(ctx, "range");
    if ((ctx.method !== "GET" && ctx.method !== "HEAD") || range === undefined) return next();
    const match = SINGLE_RANGE.exec(range.trim());
    const [, first = "", last = ""] = match ?? [];
    if (!match || (!first && !last) || (first && last && Number(last) < Number(first))) {
      delete ctx.headers.range;
      return next();
    }
    if (!first) {
      const { bucket, key } = pathTarget(ctx);
      const metadata = await store.getMetadata(bucket, key).catch(() => null);
      if (metadata) {
        const size = Number(metadata["content-length"]);
        const suffix = Number(last);
        if (suffix === 0 || size === 0)
          throw new S3StandInError(416, "InvalidRange", "The requested range is not satisfiable");
        ctx.headers.range = `bytes=${Math.max(0, size - suffix)}-${size - 1}`;
      }
    }
    return next();
  };
}
