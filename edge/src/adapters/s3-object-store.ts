import { DependencyError, AppError } from "../errors.ts";
import type {
  MultipartCompletion,
  ObjectInfo,
  ObjectStore,
  PresignedRequest,
  StoredPart,
} from "../ports/object-store.ts";
import { toWellFormed } from "../domain/well-formed-text.ts";
import type { S3Bucket } from "./s3-client.ts";
import { blocks, escapeXml, tag } from "../lib/xml-text.ts";

/**
 * Completing a multipart upload assembles the object: S3 documents that it "could take
 * several minutes" for large objects, and the local stand-in took over 5 s (the backend
 * deadline) for a 1.6 GB hour-long lecture. Waiting costs the Worker no CPU.
 */
const COMPLETE_MULTIPART_TIMEOUT_MS = 180_000;

const DELETE_CONCURRENCY = 8;

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name. */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  // toWellFormed: a lone surrogate (from a record older than validation) would make encodeURIComponent throw.
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(toWellFormed(filename))}`;
}

export class S3ObjectStore implements ObjectStore {
  private readonly s3: S3Bucket;

  constructor(s3: S3Bucket) {
    this.s3 = s3;
  }

  private async presign(
    url: URL,
    method: string,
    expiresIn: number,
    headers: Record<string, string> = {},
  ): Promise<string> {
    url.searchParams.set("X-Amz-Expires", String(expiresIn));
    // allHeaders: Content-Type and Content-Length are signed too, so the client cannot change them.
    const signed = await this.s3.aws.sign(url.toString(), {
      method,
      headers,
      aws: { signQuery: true, allHeaders: true },
    });
    return signed.url;
  }

  private async expectOk(response: Response, what: string): Promise<string> {
    const text = await response.text();
    // S3 may answer 200 with an <Error> document (CompleteMultipartUpload).
    if (!response.ok || text.includes("<Error>")) {
      const code = tag(text, "Code") ?? String(response.status);
      if (response.status >= 500 || response.status === 0)
        throw new DependencyError("s3", `${what}: ${code}`);
      throw new S3RequestError(code, `${what}: ${code} ${tag(text, "Message") ?? ""}`.trim());
    }
    return text;
  }

  async presignPut(
    key: string,
    options: { contentType: string; contentLength: number; expiresIn: number },
  ): Promise<PresignedRequest> {
    const headers = {
      "content-type": options.contentType,
      "content-length": String(options.contentLength),
    };
    return {
      url: await this.presign(this.s3.objectUrl(key), "PUT", options.expiresIn, headers),
      headers,
    };
  }

  async presignGet(
    key: string,
    options: { expiresIn: number; downloadName?: string; contentType?: string },
  ): Promise<string> {
    const url = this.s3.objectUrl(key);
    if (options.downloadName)
      url.searchParams.set(
        "response-content-disposition",
        attachmentDisposition(options.downloadName),
      );
    if (options.contentType) url.searchParams.set("response-content-type", options.contentType);
    return this.presign(url, "GET", options.expiresIn);
  }

  async createMultipart(key: string, contentType: string): Promise<string> {
    const url = this.s3.objectUrl(key);
    url.search = "uploads";
    const text = await this.expectOk(
      await this.s3.send(url, { method: "POST", headers: { "content-type": contentType } }),
      "create multipart upload",
    );
    const uploadId = tag(text, "UploadId");
    if (!uploadId)
      throw new DependencyError("s3", "create multipart upload: no UploadId in the answer");
    return uploadId;
  }

  async presignUploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    expiresIn: number,
    contentLength: number,
  ): Promise<string> {
    const url = this.s3.objectUrl(key);
    url.searchParams.set("partNumber", String(partNumber));
    url.searchParams.set("uploadId", uploadId);
    return this.presign(url, "PUT", expiresIn, { "content-length": String(contentLength) });
  }

  async presignListParts(key: string, uploadId: string, expiresIn: number): Promise<string> {
    const url = this.s3.objectUrl(key);
    url.searchParams.set("uploadId", uploadId);
    return this.presign(url, "GET", expiresIn);
  }

  async listParts(key: string, uploadId: string): Promise<StoredPart[] | null> {
    const parts: StoredPart[] = [];
    let marker = "0";
    for (;;) {
      const url = this.s3.objectUrl(key);
      url.searchParams.set("uploadId", uploadId);
      url.searchParams.set("part-number-marker", marker);
      const response = await this.s3.send(url);
      if (response.status === 404) return null;
      const text = await this.expectOk(response, "list parts");
      for (const block of blocks(text, "Part")) {
        parts.push({
          partNumber: Number(tag(block, "PartNumber")),
          etag: tag(block, "ETag") ?? "",
          size: Number(tag(block, "Size")),
        });
      }
      if (tag(text, "IsTruncated") !== "true") return parts;
      marker = tag(text, "NextPartNumberMarker") ?? String(parts.at(-1)?.partNumber ?? 0);
    }
  }

  async completeMultipart(
    key: string,
    uploadId: string,
    parts: Array<{ partNumber: number; etag: string }>,
  ): Promise<MultipartCompletion> {
    const url = this.s3.objectUrl(key);
    url.searchParams.set("uploadId", uploadId);
    const body = `<CompleteMultipartUpload>${parts
      .map(
        (p) =>
          `<Part><PartNumber>${p.partNumber}</PartNumber><ETag>${escapeXml(p.etag)}</ETag></Part>`,
      )
      .join("")}</CompleteMultipartUpload>`;
    try {
      await this.expectOk(
        await this.s3.send(
          url,
          { method: "POST", body, headers: { "content-type": "application/xml" } },
          COMPLETE_MULTIPART_TIMEOUT_MS,
        ),
        "complete multipart upload",
      );
      return "completed";
    } catch (err) {
      if (!(err instanceof S3RequestError)) throw err;
      if (err.s3Code === "NoSuchUpload") return "no_such_upload";
      throw new AppError(
        "upload_incomplete",
        `Storage refused to complete the upload: ${err.s3Code}`,
        { field: "parts", cause: err },
      );
    }
  }

  async abortMultipart(key: string, uploadId: string): Promise<void> {
    const url = this.s3.objectUrl(key);
    url.searchParams.set("uploadId", uploadId);
    const response = await this.s3.send(url, { method: "DELETE" });
    if (response.status === 404) return;
    await this.expectOk(response, "abort multipart upload");
  }

  async ping(): Promise<void> {
    await this.s3.ping();
  }

  async head(key: string): Promise<ObjectInfo | null> {
    const response = await this.s3.send(this.s3.objectUrl(key), { method: "HEAD" });
    if (response.status === 404) return null;
    if (!response.ok) throw new DependencyError("s3", `HEAD answered ${response.status}`);
    return {
      size: Number(response.headers.get("content-length")),
      contentType: response.headers.get("content-type") ?? "application/octet-stream",
      etag: response.headers.get("etag") ?? "",
    };
  }

  async getText(key: string): Promise<string | null> {
    const response = await this.s3.send(this.s3.objectUrl(key));
    if (response.status === 404) return null;
    return this.expectOk(response, `GET ${key}`);
  }

  async readHead(key: string, bytes: number): Promise<Uint8Array | null> {
    const response = await this.s3.send(this.s3.objectUrl(key), {
      headers: { range: `bytes=0-${bytes - 1}` },
    });
    if (response.status === 404) return null;
    if (response.status === 416) return new Uint8Array(); // an empty object
    if (!response.ok) await this.expectOk(response, `GET ${key}`);
    return new Uint8Array(await response.arrayBuffer());
  }

  async deleteObject(key: string): Promise<void> {
    const response = await this.s3.send(this.s3.objectUrl(key), { method: "DELETE" });
    if (!response.ok && response.status !== 404)
      throw new DependencyError("s3", `DELETE answered ${response.status}`);
  }

  private async listKeys(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const url = this.s3.bucketUrl();
      url.searchParams.set("list-type", "2");
      url.searchParams.set("prefix", prefix);
      if (token) url.searchParams.set("continuation-token", token);
      const text = await this.expectOk(await this.s3.send(url), "list objects");
      keys.push(
        ...blocks(text, "Contents")
          .map((block) => tag(block, "Key") ?? "")
          .filter(Boolean),
      );
      token = tag(text, "IsTruncated") === "true" ? tag(text, "NextContinuationToken") : undefined;
    } while (token);
    return keys;
  }

  async deletePrefix(prefix: string): Promise<number> {
    if (!prefix.endsWith("/")) throw new AppError("internal", "deletePrefix needs a folder prefix");
    const keys = await this.listKeys(prefix);
    const queue = [...keys];
    await Promise.all(
      Array.from({ length: Math.min(DELETE_CONCURRENCY, queue.length) }, async () => {
        for (let key = queue.shift(); key !== undefined; key = queue.shift())
          await this.deleteObject(key);
      }),
    );
    return keys.length;
  }
}

/** S3 refused a request for a reason of the request itself (InvalidPart, NoSuchUpload…). */
class S3RequestError extends Error {
  readonly s3Code: string;
  constructor(s3Code: string, message: string) {
    super(message);
    this.name = "S3RequestError";
    this.s3Code = s3Code;
  }
}
