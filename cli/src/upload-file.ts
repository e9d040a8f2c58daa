import { openAsBlob } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, extname } from "node:path";
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

interface Video {
  id: string;
  state: string;
  upload?: { partSize?: number; partCount?: number };
}

type UploadPlan =
  | { type: "single"; url: string; headers: Record<string, string> }
  | { type: "multipart"; partSize: number; partCount: number };

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
export async function uploadFile(client: Client, path: string, title?: string): Promise<Video> {
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
    const { video } = await client
      .request<{ video: Video }>("GET", `/videos/${videoId}`)
      .catch(() => ({ video: null }));
    if (video?.state === "awaiting_upload" && video.upload?.partSize && video.upload.partCount) {
      plan = {
        type: "multipart",
        partSize: video.upload.partSize,
        partCount: video.upload.partCount,
      };
    } else {
      await forgetUpload(identity);
      videoId = null;
    }
  }
  if (!videoId || !plan) {
    const created = await client.request<{ video: Video; upload: UploadPlan }>("POST", "/videos", {
      // Without --title the edge names the video after the file, without its extension.
      ...(title === undefined ? {} : { title }),
      filename: basename(path),
      size,
      contentType,
      // Resumable above the 5 MiB part minimum, whatever the edge's single-PUT threshold.
      multipart: size > 5 * 1024 * 1024,
    });
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
    const { video } = await client.request<{ video: Video }>(
      "POST",
      `/videos/${videoId}/upload/complete`,
      {},
    );
    bar.done(`uploaded, video ${video.id} is ${video.state}`);
    return video;
  }

  const { partSize, partCount } = plan;
  const stored = await client.request<{
    parts: Array<{ partNumber: number; etag: string; size: number }>;
  }>("GET", `/videos/${videoId}/upload/parts`);
  const etags = new Map(stored.parts.map((p) => [p.partNumber, p.etag]));
  let sent = stored.parts.reduce((sum, p) => sum + p.size, 0);
  const resumed =
    stored.parts.length > 0 ? `(resumed, ${stored.parts.length} parts already stored)` : "";
  bar.update(sent, resumed);
  const missing = Array.from({ length: partCount }, (_, i) => i + 1).filter((n) => !etags.has(n));
  const urls = new Map<number, string>();
  for (let i = 0; i < missing.length; i += URL_BATCH) {
    const { parts } = await client.request<{ parts: Array<{ partNumber: number; url: string }> }>(
      "POST",
      `/videos/${videoId}/upload/parts`,
      { partNumbers: missing.slice(i, i + URL_BATCH) },
    );
    for (const part of parts) urls.set(part.partNumber, part.url);
  }
  const queue = [...missing];
  const worker = async () => {
    for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
      const part = blob.slice((n - 1) * partSize, Math.min(n * partSize, size));
      etags.set(n, await putBlob(urls.get(n)!, part));
      sent += part.size;
      bar.update(sent, resumed);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARTS_IN_FLIGHT, missing.length) }, worker));
  const parts = [...etags.entries()]
    .sort(([a], [b]) => a - b)
    .map(([partNumber, etag]) => ({ partNumber, etag }));
  const { video } = await client.request<{ video: Video }>(
    "POST",
    `/videos/${videoId}/upload/complete`,
    { parts },
  );
  await forgetUpload(identity);
  bar.done(`uploaded, video ${video.id} is ${video.state}`);
  return video;
}
