import { decodeComponent, type KoaMiddleware } from "./koa-context.ts";
import { S3StandInError } from "./s3-error.ts";

/**
 * s3rver maps keys straight onto file paths, so a `.` or `..` segment
 * (`/bucket/../other-bucket/x`) would reach outside the object's place. S3
 * stores such keys literally; fetch and browsers rewrite them anyway, so the
 * stand-in refuses them instead of storing them somewhere else.
 */
export function safeKeys(): KoaMiddleware {
  return async function safeKeys(ctx, next) {
    const segments = ctx.path.split("/").slice(1).map(decodeComponent);
    if (segments.some((segment) => segment === "." || segment === ".."))
      throw new S3StandInError(
        400,
        "InvalidArgument",
        "The stand-in cannot store keys with '.' or '..' segments.",
      );
    return next();
  };
}

/**
 * s3rver removes emptied parent folders after a DELETE, and two concurrent
 * DELETEs in one folder race on that (a 500 where S3 answers 204). Running
 * DELETEs one at a time keeps the stand-in as dependable as S3 for them.
 */
export function serializedDeletes(): KoaMiddleware {
  let chain: Promise<void> = Promise.resolve();
  return async function serializedDeletes(ctx, next) {
    if (ctx.method !== "DELETE") return next();
    const run = chain.then(next);
    chain = run.catch(() => undefined);
    await run;
  };
}
