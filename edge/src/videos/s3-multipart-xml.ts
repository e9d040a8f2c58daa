import { blocks, escapeXml, tag } from "../lib/xml-text.ts";
import { AppError } from "../errors.ts";
import type { CompletedPart } from "./complete-upload.ts";

// The few documents of S3's multipart protocol the edge answers itself, so that
// clients speaking S3 (Uppy) create and complete through it.
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
const S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
const MAX_PARTS = 10_000;

function document(root: string, fields: Record<string, string>): string {
  const children = Object.entries(fields)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join("");
  return `${XML_DECLARATION}<${root} xmlns="${S3_NAMESPACE}">${children}</${root}>`;
}

export function initiateMultipartUploadResult(bucket: string, key: string, uploadId: string) {
  return document("InitiateMultipartUploadResult", {
    Bucket: bucket,
    Key: key,
    UploadId: uploadId,
  });
}

export function completeMultipartUploadResult(
  location: string,
  bucket: string,
  key: string,
): string {
  return document("CompleteMultipartUploadResult", {
    Location: location,
    Bucket: bucket,
    Key: key,
  });
}

/** The parts of a `CompleteMultipartUpload` body; ETags quoted as S3 lists them. */
export function partsOfCompleteMultipartUpload(xml: string): CompletedPart[] {
  const invalid = () =>
    new AppError("validation_failed", "parts: a CompleteMultipartUpload document with parts", {
      field: "parts",
    });
  if (!/<CompleteMultipartUpload[\s>]/.test(xml)) throw invalid();
  const parts = blocks(xml, "Part").map((part) => ({
    partNumber: Number(tag(part, "PartNumber")),
    etag: (tag(part, "ETag") ?? "").trim().replace(/^"|"$/g, ""),
  }));
  const bad = parts.some(
    (p) =>
      !Number.isInteger(p.partNumber) || p.partNumber < 1 || p.partNumber > MAX_PARTS || !p.etag,
  );
  if (parts.length === 0 || parts.length > MAX_PARTS || bad) throw invalid();
  return parts.map((p) => ({ partNumber: p.partNumber, etag: `"${p.etag}"` }));
}
