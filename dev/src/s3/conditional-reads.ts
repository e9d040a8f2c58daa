import { header, pathTarget, type KoaMiddleware } from "./koa-context.ts";
import { S3StandInError } from "./s3-error.ts";
import type { FilesystemStore } from "./s3rver.ts";

/** S3 compares ETags without their quotes; `*` matches any existing object. */
function matches(condition: string, etag: string): boolean {
  const bare = etag.replace(/"/g, "");
  return condition
    .split(",")
    .map((value) => value.trim().replace(/^W\//, "").replace(/"/g, ""))
    .some((value) => value === "*" || value === bare);
}

/**
 * `If-Match` on object reads, which s3rver ignores: a GET or HEAD of another
 * version than the one named answers 412 PreconditionFailed, as S3 does. The
 * transcoder reads a source only if it is still the upload the edge checked.
 */
export function conditionalReads(store: FilesystemStore): KoaMiddleware {
  return async function conditionalReads(ctx, next) {
    const condition = header(ctx, "if-match");
    if ((ctx.method !== "GET" && ctx.method !== "HEAD") || condition === undefined) return next();
    const { bucket, key } = pathTarget(ctx);
    if (!key) return next();
    const metadata = await store.getMetadata(bucket, key).catch(() => null);
    // A missing object is answered by s3rver (NoSuchKey), as S3 answers it.
    if (metadata && !matches(condition, String(metadata.etag ?? "")))
      throw new S3StandInError(
        412,
        "PreconditionFailed",
        "At least one of the pre-conditions you specified did not hold",
      );
    return next();
  };
}
