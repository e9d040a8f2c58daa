import { refuseDotSegments } from "./dot-segments.ts";
import { decodeComponent, header, type KoaMiddleware } from "./koa-context.ts";
import { S3StandInError } from "./s3-error.ts";

/**
 * `x-amz-copy-source` is URL-encoded (`bucket/folder%2Fnotes.pdf`, `%C3%BC`),
 * but s3rver reads it with decodeURI, which keeps `%2F` and other reserved
 * escapes as they are (a 404). The header is decoded here once and handed on
 * in the one form decodeURI restores exactly. A `?versionId=` suffix is
 * dropped (the stand-in does not version objects).
 */
export function copySourceKeys(): KoaMiddleware {
  return async function copySourceKeys(ctx, next) {
    const source = header(ctx, "x-amz-copy-source");
    if (ctx.method !== "PUT" || source === undefined) return next();
    const path = decodeComponent(source.split("?")[0]!).replace(/^\//, "");
    const [bucket = "", ...key] = path.split("/");
    if (!bucket || key.length === 0)
      throw new S3StandInError(
        400,
        "InvalidArgument",
        "Copy Source must mention the source bucket and key: sourcebucket/sourcekey.",
      );
    refuseDotSegments(key);
    ctx.headers["x-amz-copy-source"] = encodeURI(path);
    return next();
  };
}
