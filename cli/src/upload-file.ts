import { openAsBlob } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import type { OwnerVideo, UploadInstructions } from "../../edge/client/edge-client.ts";
import { uploadMissingParts } from "../../edge/client/multipart-upload.ts";
import { CliError, type Client } from "./client.ts";
import { ProgressBar } from "./progress-bar.ts";
import { fileIdentity, forgetUpload, pendingUpload, rememberUpload } from "./upload-state.ts";

const PARTS_IN_FLIGHT = 4;
const URL_BATCH = 50;

const TYPES: Record<string, string> = {
  ".mp4": "video/mp4",
  ".m4v": "video/mp4",
  ".mov": "video/quicktime",
  ".webm": "video/webm",
  ".mkv": "video/x-matroska",
  ".mpg": "video/mpeg",
  ".mpeg": "video/mpeg",
};

type UploadPlan =
  | Extract<UploadInstructions, { type: "single" }>
  | Pick<Extract<UploadInstructions, { type: "multipart" }>, "type" | "partSize" | "partCount">;

async function putBlob(
  url: string,
  body: Blob,
  headers: Record<string, string> = {},
): Promise<string> {
  const response = await fetch(url, { method: "PUT", body, headers });
  if (!response.ok)
    throw new CliError(
      `storage answered ${response.status}: ${(await response.text()).slice(0, 200)}`,
    );
  return response.headers.get("etag") ?? "";
}

/** Uploads one file (resuming a multipart upload this machine started) and completes it. */
export async function uploadFile(
  client: Client,
  path: string,
  title?: string,
): Promise<OwnerVideo> {
  const size = (await stat(path)).size;
  const contentType = TYPES[extname(path).toLowerCase()];
  if (!contentType)
    throw new CliError(`${path}: unsupported file type (${Object.keys(TYPES).join(", ")})`);
  const blob = await openAsBlob(path, { type: contentType });
  const identity = await fileIdentity(path);
  const bar = new ProgressBar(basename(path), size);

  let videoId = await pendingUpload(identity, client.apiUrl);
  let plan: UploadPlan | null = null;
  if (videoId) {
    const id = videoId;
    const { video } = await client.call((api) => api.getVideo(id)).catch(() => ({ video: null }));
    const upload = video && "upload" in video ? video.upload : undefined;
    if (video?.state === "awaiting_upload" && upload?.partSize && upload.partCount) {
      plan = {
        type: "multipart",
        partSize: upload.partSize,
        partCount: upload.partCount,
      };
    } else {
      await forgetUpload(identity);
      videoId = null;
    }
  }
  if (!videoId || !plan) {
    const created = await client.call((api) =>
      api.createVideo({
        // Without --title the edge names the video after the file, without its extension.
        ...(title === undefined ? {} : { title }),
        filename: basename(path),
        size,
        contentType,
        // Resumable above the 5 MiB part minimum, whatever the edge's single-PUT threshold.
        multipart: size > 5 * 1024 * 1024,
      }),
    );
    videoId = created.video.id;
    plan = created.upload;
    if (plan.type === "multipart") await rememberUpload(identity, client.apiUrl, videoId);
  }

  if (plan.type === "single") {
    bar.update(0);
    await putBlob(
      plan.url,
      blob,
      Object.fromEntries(
        Object.entries(plan.headers).filter(([n]) => n.toLowerCase() !== "content-length"),
      ),
    );
    bar.update(size);
    const id = videoId;
    const { video } = await client.call((api) => api.completeUpload(id));
    bar.done(`uploaded, video ${video.id} is ${video.state}`);
    return video;
  }

  const { partSize, partCount } = plan;
  const id = videoId;
  let sent = 0;
  let resumed = "";
  const parts = await client.call((api) =>
    uploadMissingParts(api, {
      videoId: id,
      file: blob,
      partSize,
      partCount,
      partsInFlight: PARTS_IN_FLIGHT,
      urlBatch: URL_BATCH,
      onStored: (stored) => {
        sent = stored.bytes;
        resumed = stored.parts > 0 ? `(resumed, ${stored.parts} parts already stored)` : "";
        bar.update(sent, resumed);
      },
      putPart: async (url, part) => {
        const etag = await putBlob(url, part);
        sent += part.size;
        bar.update(sent, resumed);
        return etag;
      },
    }),
  );
  const { video } = await client.call((api) => api.completeUpload(id, parts));
  await forgetUpload(identity);
  bar.done(`uploaded, video ${video.id} is ${video.state}`);
  return video;
}
