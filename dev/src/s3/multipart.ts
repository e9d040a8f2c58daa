import { rm } from "node:fs/promises";
import { writeObject } from "./atomic-writes.ts";
import {
  header,
  pathTarget,
  rawQuery,
  type KoaContext,
  type KoaMiddleware,
} from "./koa-context.ts";
import {
  concatenatedParts,
  findUpload,
  listParts,
  multipartEtag,
  uploadMetadata,
  type StoredPart,
  type Upload,
} from "./multipart-parts.ts";
import { readBoundedBody } from "./request-body.ts";
import { escapeXml, malformedXml, S3StandInError } from "./s3-error.ts";
import { S3Object, type FilesystemStore } from "./s3rver.ts";

const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PART_NUMBER = 10_000;
const MAX_PARTS_LISTED = 1000;
const MAX_COMPLETE_BODY_BYTES = 4 * 1024 * 1024;
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";

/** An integer query parameter within S3's bounds; InvalidArgument otherwise. */
function integerParam(
  query: Map<string, string>,
  name: string,
  bounds: { min: number; max: number; fallback?: number },
): number {
  const value = query.get(name);
  if (value === undefined && bounds.fallback !== undefined) return bounds.fallback;
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || n < bounds.min || n > bounds.max) {
    throw new S3StandInError(
      400,
      "InvalidArgument",
      `${name} must be an integer between ${bounds.min} and ${bounds.max}`,
    );
  }
  return n;
}

function listPartsXml(
  upload: Upload,
  parts: StoredPart[],
  marker: number,
  maxParts: number,
): string {
  const after = parts.filter((p) => p.partNumber > marker);
  const page = after.slice(0, maxParts);
  const body = page
    .map(
      (p) =>
        `<Part><PartNumber>${p.partNumber}</PartNumber><LastModified>${p.lastModified.toISOString()}</LastModified><ETag>"${p.etag}"</ETag><Size>${p.size}</Size></Part>`,
    )
    .join("");
  return `${XML_HEAD}<ListPartsResult xmlns="${XMLNS}"><Bucket>${escapeXml(upload.bucket)}</Bucket><Key>${escapeXml(upload.key)}</Key><UploadId>${upload.uploadId}</UploadId><StorageClass>STANDARD</StorageClass><PartNumberMarker>${marker}</PartNumberMarker><NextPartNumberMarker>${page.at(-1)?.partNumber ?? marker}</NextPartNumberMarker><MaxParts>${maxParts}</MaxParts><IsTruncated>${after.length > page.length}</IsTruncated>${body}</ListPartsResult>`;
}

function requestedParts(xml: string): Array<{ partNumber: number; etag: string }> {
  const parts = [...xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map(([, inner = ""]) => ({
    partNumber: Number(/<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(inner)?.[1]),
    // S3 ignores the quotes around ETags.
    etag: (/<ETag>([\s\S]*?)<\/ETag>/.exec(inner)?.[1] ?? "").replace(/&quot;|&#34;|"/g, "").trim(),
  }));
  if (parts.length === 0 || parts.some((p) => !Number.isInteger(p.partNumber) || !p.etag))
    throw malformedXml();
  return parts;
}

/** S3's checks, in S3's order: ascending part numbers, existing parts with matching ETags, 5 MiB minimum. */
function chooseParts(requested: Array<{ partNumber: number; etag: string }>, stored: StoredPart[]) {
  const byNumber = new Map(stored.map((p) => [p.partNumber, p]));
  const chosen = requested.map((part, i) => {
    if (i > 0 && part.partNumber <= requested[i - 1]!.partNumber)
      throw new S3StandInError(
        400,
        "InvalidPartOrder",
        "The list of parts was not in ascending order. The parts list must be specified in order by part number.",
      );
    const found = byNumber.get(part.partNumber);
    if (!found || found.etag !== part.etag)
      throw new S3StandInError(
        400,
        "InvalidPart",
        `One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag (part ${part.partNumber}).`,
      );
    return found;
  });
  const small = chosen.slice(0, -1).find((part) => part.size < MIN_PART_BYTES);
  if (small)
    throw new S3StandInError(
      400,
      "EntityTooSmall",
      `Your proposed upload is smaller than the minimum allowed size (part ${small.partNumber}).`,
    );
  return chosen;
}

async function complete(ctx: KoaContext, store: FilesystemStore, upload: Upload): Promise<void> {
  const chosen = chooseParts(
    requestedParts(await readBoundedBody(ctx, MAX_COMPLETE_BODY_BYTES)),
    await listParts(upload),
  );
  const etag = multipartEtag(chosen);
  const metadata = await uploadMetadata(upload);
  const object = new S3Object(
    upload.bucket,
    upload.key,
    concatenatedParts(store, upload, chosen),
    metadata,
  );
  await writeObject(store, object, etag);
  await rm(upload.dir, { recursive: true, force: true });
  const location = `http://${header(ctx, "host") ?? "localhost"}${ctx.path}`;
  ctx.type = "application/xml";
  ctx.body = `${XML_HEAD}<CompleteMultipartUploadResult xmlns="${XMLNS}"><Location>${escapeXml(location)}</Location><Bucket>${escapeXml(upload.bucket)}</Bucket><Key>${escapeXml(upload.key)}</Key><ETag>"${etag}"</ETag></CompleteMultipartUploadResult>`;
}

/**
 * ListParts, AbortMultipartUpload and a CompleteMultipartUpload that checks
 * parts the way S3 does — the gaps of s3rver 3.7. Every request naming an
 * upload id answers NoSuchUpload once the upload is aborted or completed, and
 * UploadPart takes only part numbers 1–10000 (s3rver would use any string as
 * a file name).
 */
export function multipartGaps(store: FilesystemStore): KoaMiddleware {
  return async function multipartGaps(ctx, next) {
    if (ctx.method === "OPTIONS") return next();
    const query = new Map(rawQuery(ctx));
    const uploadId = query.get("uploadId");
    if (uploadId === undefined) return next();
    const { bucket, key } = pathTarget(ctx);
    const upload = await findUpload(store, bucket, key, uploadId);
    switch (ctx.method) {
      case "PUT":
        integerParam(query, "partNumber", { min: 1, max: MAX_PART_NUMBER });
        return next();
      case "GET": {
        const maxParts = integerParam(query, "max-parts", {
          min: 0,
          max: Number.MAX_SAFE_INTEGER,
          fallback: MAX_PARTS_LISTED,
        });
        const marker = integerParam(query, "part-number-marker", {
          min: 0,
          max: MAX_PART_NUMBER,
          fallback: 0,
        });
        ctx.type = "application/xml";
        ctx.body = listPartsXml(
          upload,
          await listParts(upload),
          marker,
          Math.min(maxParts, MAX_PARTS_LISTED),
        );
        return;
      }
      case "DELETE":
        await rm(upload.dir, { recursive: true, force: true });
        ctx.status = 204;
        return;
      case "POST":
        return complete(ctx, store, upload);
      default:
        return next();
    }
  };
}
