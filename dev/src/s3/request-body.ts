import type { IncomingHttpHeaders } from "node:http";
import { finished, type Readable, type Transform } from "node:stream";
import { readBoundedText } from "../read-bounded.ts";
import { AwsChunkedDecoder } from "./aws-chunked.ts";
import { declaredDigests, DigestVerifier } from "./body-digests.ts";
import { header, rawQuery, type KoaContext, type KoaMiddleware } from "./koa-context.ts";
import { malformedXml } from "./s3-error.ts";

function isAwsChunked(ctx: KoaContext): boolean {
  return header(ctx, "x-amz-content-sha256") === "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
}

/** S3 does not store `aws-chunked` as the object's Content-Encoding; s3rver would. */
function dropAwsChunkedEncoding(ctx: KoaContext): void {
  const rest = (header(ctx, "content-encoding") ?? "")
    .split(",")
    .map((token) => token.trim())
    .filter((token) => token && token.toLowerCase() !== "aws-chunked");
  if (rest.length) ctx.headers["content-encoding"] = rest.join(", ");
  else delete ctx.headers["content-encoding"];
}

/**
 * The headers whose digests S3 checks, including `x-amz-checksum-*` hoisted into
 * a presigned URL's query (the AWS SDK presigner puts the CRC32 of an empty body
 * there by default; S3 then refuses any other body).
 */
function declaredHeaders(ctx: KoaContext): IncomingHttpHeaders {
  const fromQuery = rawQuery(ctx)
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .filter(([name]) => name.startsWith("x-amz-checksum-"));
  return { ...ctx.headers, ...Object.fromEntries(fromQuery) };
}

const isNonEmpty = <T>(items: T[]): items is [T, ...T[]] => items.length > 0;

/**
 * Pipes `source` through `stages` once the last stage is first read. Starting
 * lazily means a failed check surfaces while s3rver is reading (its readers
 * listen for errors then), and a body nobody reads is left for the drain below.
 */
function chain(source: Readable, stages: [Transform, ...Transform[]]): Readable {
  for (let i = 1; i < stages.length; i++) {
    const from = stages[i - 1]!;
    const to = stages[i]!;
    from.pipe(to);
    from.on("error", (err) => to.destroy(err)); // pipe() alone would drop it
  }
  const tail = stages[stages.length - 1]!;
  const read = tail._read.bind(tail);
  let started = false;
  tail._read = (size) => {
    if (!started) {
      started = true;
      source.pipe(stages[0]);
      // A client that goes away mid-body fails the upload instead of storing a truncated object.
      finished(source, { writable: false }, (err) => {
        if (err) stages[0].destroy(err);
      });
    }
    read(size);
  };
  return tail;
}

/**
 * Gives s3rver the body S3 would store: aws-chunked bodies (the AWS SDK's
 * default for streams) decoded, and declared digests — a hex
 * x-amz-content-sha256, Content-MD5, x-amz-checksum-* headers or trailers —
 * verified before the object becomes visible (the store writes atomically,
 * see atomic-writes.ts, so a failed check leaves no object behind).
 */
export function checkedRequestBody(): KoaMiddleware {
  return async function checkedRequestBody(ctx, next) {
    if (ctx.method !== "PUT" && ctx.method !== "POST") return next();
    const declaredLength = header(ctx, "x-amz-decoded-content-length");
    const decoder = isAwsChunked(ctx)
      ? new AwsChunkedDecoder(declaredLength === undefined ? undefined : Number(declaredLength))
      : undefined;
    const checks = declaredDigests(declaredHeaders(ctx), decoder?.trailers);
    const stages = [
      ...(decoder ? [decoder] : []),
      ...(checks.length ? [new DigestVerifier(checks)] : []),
    ];
    if (!isNonEmpty(stages)) return next();
    if (decoder) dropAwsChunkedEncoding(ctx);

    const original = ctx.req;
    ctx.req = chain(original, stages);
    try {
      await next();
    } finally {
      // A body nobody read (an error answered early) is drained so the connection stays usable.
      if (!original.readableEnded) {
        original.unpipe();
        original.resume();
      }
    }
  };
}

/**
 * The whole body of one of the XML requests the stand-in answers itself (batch
 * delete, complete), read into memory: past `maxBytes` it stops reading and
 * answers MalformedXML, as S3 does for an XML document over its limits.
 */
export function readBoundedBody(ctx: KoaContext, maxBytes: number): Promise<string> {
  return readBoundedText(ctx.req, maxBytes, malformedXml);
}
