import { isBatchDelete } from "./batch-delete.ts";
import { refuseDotSegments } from "./dot-segments.ts";
import { decodeComponent, header, type KoaMiddleware } from "./koa-context.ts";
import { S3StandInError } from "./s3-error.ts";

/** Refuses a request path with a `.` or `..` segment (see dot-segments.ts for why). */
export function safeKeys(): KoaMiddleware {
  return async function safeKeys(ctx, next) {
    refuseDotSegments(ctx.path.split("/").slice(1).map(decodeComponent));
    return next();
  };
}

/**
 * S3 and R2 answer 411 to a PUT without Content-Length (a chunked body), except
 * an aws-chunked one that declares its decoded length. Without this, a URL that
 * signs Content-Length would only fail on the signature, and an unsigned
 * chunked upload would pass locally and fail in production.
 */
export function requireContentLength(): KoaMiddleware {
  return async function requireContentLength(ctx, next) {
    if (
      ctx.method === "PUT" &&
      header(ctx, "content-length") === undefined &&
      header(ctx, "x-amz-decoded-content-length") === undefined
    )
      throw new S3StandInError(
        411,
        "MissingContentLength",
        "You must provide the Content-Length HTTP header.",
      );
    return next();
  };
}

/**
 * s3rver removes emptied parent folders after a DELETE, and two concurrent
 * DELETEs in one folder race on that (a 500 where S3 answers 204). Running
 * DELETEs and batch deletes one at a time keeps the stand-in as dependable as
 * S3 for them.
 */
export function serializedDeletes(): KoaMiddleware {
  let chain: Promise<void> = Promise.resolve();
  return async function serializedDeletes(ctx, next) {
    if (ctx.method !== "DELETE" && !isBatchDelete(ctx)) return next();
    const run = chain.then(next);
    chain = run.catch(() => undefined);
    await run;
  };
}
