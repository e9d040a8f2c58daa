/**
 * coursecast for Uppy's `@uppy/aws-s3` v6, over the edge's one typed client
 * (`edge/client/edge-client.ts`, no runtime dependency: copy both files).
 *
 *   const uppy = new Uppy();
 *   uppy.use(AwsS3, coursecastUppy(uppy, { apiUrl, getAccessToken }));
 *
 * A preprocessor creates each video (`POST /videos`, proposing Uppy's own part size);
 * Uppy then speaks S3's protocol, every request signed by `POST /videos/:id/upload/sign`
 * for the video's own upload; single PUTs are completed by a postprocessor.
 */
import { EdgeClient, type UploadRequestToSign } from "../../client/edge-client.ts";

export interface CoursecastUppyOptions {
  /** The edge's origin, e.g. `https://courses.example.com`. */
  apiUrl: string;
  /** A current access token (the console refreshes it; scripts log in). */
  getAccessToken: () => string | Promise<string>;
  /** Part size to propose (≥ 5 MiB); grown to keep the file within `maxParts`. Default 8 MiB. */
  partSize?: number;
  maxParts?: number;
}

interface FileLike {
  name?: string;
  size: number | null;
  type?: string;
  meta: Record<string, unknown>;
  error?: string | null;
}

interface UppyLike {
  getFile(fileID: string): FileLike;
  setFileMeta(fileID: string, meta: Record<string, unknown>): void;
  addPreProcessor(fn: (fileIDs: string[]) => Promise<void>): void;
  addPostProcessor(fn: (fileIDs: string[]) => Promise<void>): void;
}

interface S3Request {
  method: string;
  key: string;
  uploadId?: string;
  partNumber?: number;
}

const MiB = 1024 * 1024;
const VIDEO_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

export function coursecastUppy(uppy: UppyLike, options: CoursecastUppyOptions) {
  const { apiUrl, getAccessToken, partSize = 8 * MiB, maxParts = 10_000 } = options;
  const chunkSize = (size: number) => Math.max(partSize, Math.ceil(size / maxParts / MiB) * MiB);

  /** The client with a current token; its errors name the step that failed. */
  const call = async <T>(step: string, run: (client: EdgeClient) => Promise<T>): Promise<T> => {
    const token = await getAccessToken();
    try {
      return await run(new EdgeClient({ baseUrl: apiUrl, accessToken: () => token }));
    } catch (err) {
      throw new Error(`coursecast ${step}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  uppy.addPreProcessor(async (fileIDs) => {
    for (const id of fileIDs) {
      const file = uppy.getFile(id);
      if (typeof file.meta.videoId === "string") continue; // created before a retry
      const size = file.size ?? 0;
      const { video, upload } = await call("/videos", (client) =>
        client.createVideo({
          ...(typeof file.meta.title === "string" ? { title: file.meta.title } : {}),
          filename: file.name ?? "video",
          size,
          contentType: file.type || "video/mp4",
          multipart: size > 5 * MiB,
          partSize: chunkSize(size),
        }),
      );
      if (upload.type === "multipart" && upload.partSize !== chunkSize(size))
        throw new Error(`coursecast planned ${upload.partSize}-byte parts, Uppy cuts others`);
      uppy.setFileMeta(id, { videoId: video.id, uploadType: upload.type });
    }
  });

  // Multipart uploads complete through S3's CompleteMultipartUpload (signed below).
  uppy.addPostProcessor(async (fileIDs) => {
    for (const id of fileIDs) {
      const { meta, error } = uppy.getFile(id);
      if (!error && meta.uploadType === "single")
        await call("upload/complete", (client) => client.completeUpload(String(meta.videoId)));
    }
  });

  return {
    shouldUseMultipart: (file: FileLike) => file.meta.uploadType === "multipart",
    getChunkSize: (file: { size: number }) => chunkSize(file.size),
    // The key Uppy asks to sign: the video id first, then the upload key the edge returns.
    generateObjectKey: (file: FileLike) => String(file.meta.videoId),
    signRequest: ({ method, key, uploadId, partNumber }: S3Request) =>
      call("upload/sign", (client) =>
        client.signUploadRequest(VIDEO_ID.exec(key)?.[0] ?? "unknown", {
          method: method as UploadRequestToSign["method"],
          ...(uploadId ? { uploadId } : {}),
          ...(partNumber ? { partNumber } : {}),
        }),
      ),
  };
}
