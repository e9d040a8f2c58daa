import { uploadMissingParts } from "../../client/multipart-upload.ts";
import type { Api } from "./api.ts";
import type { UploadPlan, Video } from "./types.ts";

const PARTS_IN_FLIGHT = 4;
const URL_BATCH = 20;

export interface UploadProgress {
  sent: number;
  total: number;
  bytesPerSecond: number;
  secondsLeft: number;
}

type ProgressListener = (progress: UploadProgress) => void;

/** The file's identity across page reloads, to resume a multipart upload. */
function resumeKey(file: File): string {
  return `coursecast.upload:${file.name}:${file.size}:${file.lastModified}`;
}

export function pendingUploadFor(file: File): string | null {
  return localStorage.getItem(resumeKey(file));
}

function put(
  url: string,
  body: Blob,
  headers: Record<string, string>,
  onBytes: (n: number) => void,
  signal: AbortSignal,
) {
  return new Promise<string>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    for (const [name, value] of Object.entries(headers)) {
      // The browser sets Content-Length itself from the body; it is still signed.
      if (name.toLowerCase() !== "content-length") xhr.setRequestHeader(name, value);
    }
    let reported = 0;
    xhr.upload.onprogress = (event) => {
      onBytes(event.loaded - reported);
      reported = event.loaded;
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onBytes(body.size - reported);
        resolve(xhr.getResponseHeader("ETag") ?? "");
      } else {
        onBytes(-reported);
        reject(new Error(`Storage answered ${xhr.status}`));
      }
    };
    xhr.onerror = () => {
      onBytes(-reported);
      reject(new Error("Network error while uploading"));
    };
    xhr.onabort = () => {
      onBytes(-reported);
      reject(new DOMException("Paused", "AbortError"));
    };
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

/**
 * Uploads one file straight to storage through presigned URLs: one PUT for
 * small files, multipart with parts in flight for large ones. Pause aborts the
 * requests in flight; resume asks the edge which parts are stored (ListParts).
 */
export class Uploader {
  private controller = new AbortController();
  private sent = 0;
  private readonly started = performance.now();
  private readonly listeners = new Set<ProgressListener>();
  private readonly api: Api;
  readonly file: File;
  readonly videoId: string;
  private readonly plan: UploadPlan;

  constructor(api: Api, file: File, videoId: string, plan: UploadPlan) {
    this.api = api;
    this.file = file;
    this.videoId = videoId;
    this.plan = plan;
  }

  /** Without a title, the edge names the video after the file, without its extension. */
  static async create(api: Api, file: File, title?: string, courseId?: string): Promise<Uploader> {
    const body = await api.client.createVideo({
      ...(title ? { title } : {}),
      filename: file.name,
      size: file.size,
      contentType: file.type || "video/mp4",
      ...(courseId ? { courseId } : {}),
    });
    if (body.upload.type === "multipart") localStorage.setItem(resumeKey(file), body.video.id);
    return new Uploader(api, file, body.video.id, body.upload);
  }

  /** Resumes an interrupted multipart upload of the same file after a reload. */
  static async resume(api: Api, file: File, videoId: string): Promise<Uploader> {
    const { video } = await api.client.getVideo(videoId);
    const upload = "upload" in video ? video.upload : undefined;
    const partSize = upload?.partSize;
    const partCount = upload?.partCount;
    if (video.state !== "awaiting_upload" || !partSize || !partCount) {
      localStorage.removeItem(resumeKey(file));
      throw new Error("That upload can no longer be resumed; start a new one.");
    }
    return new Uploader(api, file, videoId, {
      type: "multipart",
      partSize,
      partCount,
      expiresAt: upload?.expiresAt ?? "",
    });
  }

  onProgress(listener: ProgressListener): void {
    this.listeners.add(listener);
  }

  pause(): void {
    this.controller.abort();
  }

  private addBytes(n: number): void {
    this.sent = Math.max(0, this.sent + n);
    const elapsed = (performance.now() - this.started) / 1000;
    const bytesPerSecond = elapsed > 0 ? this.sent / elapsed : 0;
    const progress: UploadProgress = {
      sent: this.sent,
      total: this.file.size,
      bytesPerSecond,
      secondsLeft: bytesPerSecond > 0 ? (this.file.size - this.sent) / bytesPerSecond : Infinity,
    };
    for (const listener of this.listeners) listener(progress);
  }

  /** Runs (or continues) the upload and completes it; resolves with the queued video. */
  async run(): Promise<Video> {
    this.controller = new AbortController();
    const signal = this.controller.signal;
    if (this.plan.type === "single") {
      await put(this.plan.url, this.file, this.plan.headers, (n) => this.addBytes(n), signal);
      const { video } = await this.api.client.completeUpload(this.videoId);
      return video;
    }
    const parts = await this.uploadParts(this.plan.partSize, this.plan.partCount, signal);
    const { video } = await this.api.client.completeUpload(this.videoId, parts);
    localStorage.removeItem(resumeKey(this.file));
    return video;
  }

  private uploadParts(partSize: number, partCount: number, signal: AbortSignal) {
    return uploadMissingParts(this.api.client, {
      videoId: this.videoId,
      file: this.file,
      partSize,
      partCount,
      partsInFlight: PARTS_IN_FLIGHT,
      urlBatch: URL_BATCH,
      onStored: (stored) => {
        this.sent = 0;
        this.addBytes(stored.bytes);
      },
      putPart: (url, part) => put(url, part, {}, (bytes) => this.addBytes(bytes), signal),
    });
  }
}
