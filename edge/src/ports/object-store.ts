export interface PresignedRequest {
  url: string;
  /** Exactly the headers the client must send along (they are signed). */
  headers: Record<string, string>;
}

export interface StoredPart {
  partNumber: number;
  etag: string;
  size: number;
}

export interface ObjectInfo {
  size: number;
  contentType: string;
  etag: string;
}

/**
 * How a multipart completion ended. `no_such_upload`: storage no longer knows the
 * upload (a completion that went through but whose answer was lost, or an
 * abort); whether the object exists then decides. Storage refusing the part
 * list throws AppError `upload_incomplete`.
 */
export type MultipartCompletion = "completed" | "no_such_upload";

/** The bucket (R2, S3, MinIO, the local stand-in): presigning, multipart, HEAD and deletes. */
export interface ObjectStore {
  presignPut(
    key: string,
    options: { contentType: string; contentLength: number; expiresIn: number },
  ): Promise<PresignedRequest>;
  presignGet(
    key: string,
    options: { expiresIn: number; downloadName?: string; contentType?: string },
  ): Promise<string>;
  createMultipart(key: string, contentType: string): Promise<string>;
  /** `contentLength` is signed: storage refuses a part of any other size. */
  presignUploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    expiresIn: number,
    contentLength: number,
  ): Promise<string>;
  /** A presigned ListParts (GET), for clients that speak S3's multipart protocol themselves. */
  presignListParts(key: string, uploadId: string, expiresIn: number): Promise<string>;
  /** null when the upload no longer exists (completed or aborted). */
  listParts(key: string, uploadId: string): Promise<StoredPart[] | null>;
  completeMultipart(
    key: string,
    uploadId: string,
    parts: Array<{ partNumber: number; etag: string }>,
  ): Promise<MultipartCompletion>;
  abortMultipart(key: string, uploadId: string): Promise<void>;
  head(key: string): Promise<ObjectInfo | null>;
  getText(key: string): Promise<string | null>;
  /** The first `bytes` bytes (a Range GET); null when the object does not exist. */
  readHead(key: string, bytes: number): Promise<Uint8Array | null>;
  deleteObject(key: string): Promise<void>;
  /** Deletes every object under the prefix; returns how many. */
  deletePrefix(prefix: string): Promise<number>;
  /** Throws when the bucket cannot be reached. */
  ping(): Promise<void>;
}
