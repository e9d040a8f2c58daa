import { DOT_SEGMENT_MESSAGE, hasDotSegment } from "./dot-segments.ts";
import {
  header,
  pathTarget,
  rawQuery,
  type KoaContext,
  type KoaMiddleware,
} from "./koa-context.ts";
import { readBoundedBody } from "./request-body.ts";
import { escapeXml, malformedXml, S3StandInError } from "./s3-error.ts";
import type { FilesystemStore } from "./s3rver.ts";

const MAX_KEYS = 1000;
const MAX_BODY_BYTES = 2 * 1024 * 1024;
const XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X"))
      return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });
}

function parseDelete(xml: string): { keys: string[]; quiet: boolean } {
  const root = /<Delete(?:\s[^>]*)?>([\s\S]*)<\/Delete>/.exec(xml);
  if (!root) throw malformedXml();
  const objects = [...root[1]!.matchAll(/<Object>([\s\S]*?)<\/Object>/g)];
  const keys = objects.map(([, inner = ""]) => {
    const key = /<Key>([\s\S]*?)<\/Key>/.exec(inner)?.[1];
    if (key === undefined) throw malformedXml();
    return decodeXmlText(key);
  });
  if (keys.length === 0 || keys.length > MAX_KEYS) throw malformedXml();
  return { keys, quiet: /<Quiet>\s*true\s*<\/Quiet>/i.test(root[1]!) };
}

/** S3 and R2 refuse a batch delete whose body carries no digest (request-body.ts verifies it). */
function requireBodyDigest(ctx: KoaContext): void {
  const declared = Object.keys(ctx.headers).some(
    (name) => name === "content-md5" || name.startsWith("x-amz-checksum-"),
  );
  const trailing = (header(ctx, "x-amz-trailer") ?? "").toLowerCase().includes("x-amz-checksum-");
  if (!declared && !trailing)
    throw new S3StandInError(
      400,
      "InvalidRequest",
      "Missing required header for this request: Content-MD5",
    );
}

type Outcome = { key: string } | { key: string; code: string; message: string };

async function deleteOne(store: FilesystemStore, bucket: string, key: string): Promise<Outcome> {
  if (hasDotSegment(key.split("/")))
    return { key, code: "InvalidArgument", message: DOT_SEGMENT_MESSAGE };
  try {
    if (await store.existsObject(bucket, key)) await store.deleteObject(bucket, key);
    return { key };
  } catch (err) {
    return { key, code: "InternalError", message: String(err) };
  }
}

function deleteResultXml(outcomes: Outcome[], quiet: boolean): string {
  const body = outcomes
    .map((outcome) =>
      "code" in outcome
        ? `<Error><Key>${escapeXml(outcome.key)}</Key><Code>${outcome.code}</Code><Message>${escapeXml(outcome.message)}</Message></Error>`
        : quiet
          ? ""
          : `<Deleted><Key>${escapeXml(outcome.key)}</Key></Deleted>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult xmlns="${XMLNS}">${body}</DeleteResult>`;
}

export const isBatchDelete = (ctx: KoaContext) =>
  ctx.method === "POST" &&
  ctx.path.split("/").filter(Boolean).length === 1 &&
  rawQuery(ctx).some(([name]) => name === "delete");

/**
 * DeleteObjects as S3 answers it: a digest is required, keys are deleted one at
 * a time (s3rver's parallel deletes raced on removing the emptied folder, a
 * 500 after deleting everything), every key counts as deleted whether or not
 * it existed, and quiet mode lists errors only. Runs inside serializedDeletes.
 */
export function batchDelete(store: FilesystemStore): KoaMiddleware {
  return async function batchDelete(ctx, next) {
    if (!isBatchDelete(ctx)) return next();
    requireBodyDigest(ctx);
    const { keys, quiet } = parseDelete(await readBoundedBody(ctx, MAX_BODY_BYTES));
    const { bucket } = pathTarget(ctx);
    const outcomes: Outcome[] = [];
    for (const key of keys) outcomes.push(await deleteOne(store, bucket, key));
    ctx.type = "application/xml";
    ctx.body = deleteResultXml(outcomes, quiet);
  };
}
