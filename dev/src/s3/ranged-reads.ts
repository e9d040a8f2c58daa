import { open } from "node:fs/promises";
import { header, pathTarget, type KoaMiddleware } from "./koa-context.ts";
import { S3StandInError } from "./s3-error.ts";
import { S3Object, type FilesystemStore, type ReadOptions, type StoredObject } from "./s3rver.ts";

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * s3rver reads `bytes=0-0` as the whole object (`end || Infinity`). This
 * replacement honours every explicit end; otherwise it answers as s3rver does
 * (a range with no content makes s3rver answer 416 InvalidRange). The file is
 * opened first and its length read from what was opened: an overwrite renamed
 * into place meanwhile cannot pair one version's length with another's bytes.
 */
function readObject(store: FilesystemStore) {
  return async function getObject(
    bucket: string,
    key: string,
    options?: ReadOptions,
  ): Promise<StoredObject | null> {
    let file;
    let metadata;
    try {
      file = await open(store.getResourcePath(bucket, key, "object"));
      metadata = await store.getMetadata(bucket, key);
    } catch (err) {
      await file?.close();
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
    const opened = await file.stat();
    metadata["content-length"] = opened.size;
    metadata["last-modified"] = opened.mtime.toUTCString();
    if (options?.start === undefined && options?.end === undefined)
      return new S3Object(bucket, key, file.createReadStream(), metadata);
    const size = opened.size;
    const start = options.start ?? 0;
    const end = Math.min(options.end ?? Number.POSITIVE_INFINITY, size - 1);
    const satisfiable = start < size && start <= end;
    if (!satisfiable) await file.close();
    const object = new S3Object(
      bucket,
      key,
      satisfiable ? file.createReadStream({ start, end }) : null,
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
