import { AppError } from "../errors.ts";
import type { Services } from "../ports/services.ts";
import { multipartOf, presignParts } from "./upload-parts.ts";
import type { VideoRecord } from "../domain/video.ts";

/** One S3 request a client that speaks S3 itself (Uppy's `signRequest`) is about to send. */
export interface UploadRequestToSign {
  method: "PUT" | "POST" | "GET" | "DELETE";
  uploadId?: string;
  partNumber?: number;
}

export interface SignedUploadRequest {
  url: string;
  /** Always the video's own upload key: the client's choice of key is never used. */
  key: string;
  headers?: Record<string, string>;
}

/** Where the edge answers the multipart steps it keeps owning, and the credential to send there. */
export interface EdgeUploadEndpoints {
  initiate: string;
  complete: string;
  abort: string;
  authorization: string;
}

async function presignSinglePut(
  services: Services,
  video: VideoRecord,
): Promise<SignedUploadRequest> {
  if (video.state !== "awaiting_upload")
    throw new AppError("invalid_state", `Upload is over: the video is ${video.state}`);
  if (video.upload.type !== "single")
    throw new AppError("invalid_state", "This video uses a multipart upload, not a single PUT");
  const { key, contentType, size } = video.upload;
  const put = await services.objects.presignPut(key, {
    contentType,
    contentLength: size,
    expiresIn: services.config.UPLOAD_URL_TTL_SECONDS,
  });
  // Content-Length stays signed; browsers refuse to set it and send the true one themselves.
  const headers = Object.fromEntries(
    Object.entries(put.headers).filter(([name]) => name.toLowerCase() !== "content-length"),
  );
  return { url: put.url, key, headers };
}

function refuse(field: string, message: string): never {
  throw new AppError("validation_failed", `${field}: ${message}`, { field });
}

/**
 * Signs one step of S3's upload protocol for the video's own upload. Parts, ListParts
 * and a single PUT go straight to storage; creating, completing and aborting the
 * multipart upload go to the edge, which created it and queues the transcode.
 */
export async function signUploadRequest(
  services: Services,
  video: VideoRecord,
  request: UploadRequestToSign,
  edge: EdgeUploadEndpoints,
): Promise<SignedUploadRequest> {
  const key = video.upload.key;
  const toEdge = (url: string) => ({ url, key, headers: { authorization: edge.authorization } });
  if (request.uploadId === undefined) {
    if (request.method === "PUT") return presignSinglePut(services, video);
    if (request.method !== "POST") refuse("method", `${request.method} without an uploadId`);
    multipartOf(video);
    return toEdge(edge.initiate);
  }
  const { uploadId } = multipartOf(video);
  if (request.uploadId !== uploadId) refuse("uploadId", "not this video's upload");
  switch (request.method) {
    case "PUT": {
      if (request.partNumber === undefined) refuse("partNumber", "required to upload a part");
      const [part] = await presignParts(services, video, [request.partNumber], "partNumber");
      return { url: part!.url, key };
    }
    case "GET": {
      const ttl = services.config.UPLOAD_URL_TTL_SECONDS;
      return { url: await services.objects.presignListParts(key, uploadId, ttl), key };
    }
    case "POST":
      return toEdge(edge.complete);
    case "DELETE":
      return toEdge(edge.abort);
  }
}
