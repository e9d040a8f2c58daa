import { openAsBlob } from "node:fs";
import { EdgeClient } from "../../edge/client/edge-client.ts";
import { uploadMissingParts } from "../../edge/client/multipart-upload.ts";

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface UploadedVideo {
  id: string;
  state: string;
}

/**
 * The edge's API for scripts and tests: typed steps through the one edge client,
 * and `call`, a raw request answering status and headers for tests that assert them.
 */
export function edgeApi(edgeUrl: string) {
  const as = (token?: string) => new EdgeClient({ baseUrl: edgeUrl, accessToken: () => token });
  const call = async <T = unknown>(
    path: string,
    init: RequestInit & { token?: string } = {},
  ): Promise<ApiResponse<T>> => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set("authorization", `Bearer ${init.token}`);
    if (init.body) headers.set("content-type", "application/json");
    const response = await fetch(`${edgeUrl}${path}`, { ...init, headers, redirect: "manual" });
    return {
      status: response.status,
      headers: response.headers,
      body: (response.headers.get("content-type")?.includes("json")
        ? await response.json()
        : null) as T,
    };
  };

  return {
    call,
    /** The typed edge client, sending `token` when given. */
    client: as,

    /** Registers a new instructor and logs in; returns the access token. */
    async instructorToken(label: string): Promise<string> {
      return (await this.instructorSession(label)).token();
    },

    /**
     * Registers a new instructor; `token()` answers an access token, signing in again
     * once the last one is near its end (a long benchmark outlives one).
     */
    async instructorSession(label: string) {
      const email = `${label}-${crypto.randomUUID().slice(0, 8)}@example.test`;
      const password = "lecture hall 42!";
      await as().register({ email, password, name: label, role: "instructor" });
      let current = { token: "", until: 0 };
      return {
        async token(): Promise<string> {
          if (Date.now() < current.until) return current.token;
          const pair = await as().login(email, password);
          current = { token: pair.access_token, until: Date.now() + pair.expires_in * 500 };
          return current.token;
        },
      };
    },

    /**
     * Creates a video, sends the bytes to the presigned URL (or, for a file the edge
     * splits into parts, each part to its own URL), completes it: the browser's path.
     */
    async uploadVideo(token: string, file: string | Buffer, title: string) {
      const blob =
        typeof file === "string"
          ? await openAsBlob(file, { type: "video/mp4" })
          : new Blob([new Uint8Array(file)], { type: "video/mp4" });
      const client = as(token);
      const created = await client.createVideo({
        title,
        filename: "lecture.mp4",
        size: blob.size,
        contentType: "video/mp4",
      });
      const put = async (url: string, body: Blob, headers: Record<string, string> = {}) => {
        const response = await fetch(url, { method: "PUT", body, headers });
        if (response.status !== 200) throw new Error(`PUT: ${response.status}`);
        return response.headers.get("etag") ?? "";
      };
      if (created.upload.type === "single") {
        await put(created.upload.url, blob, created.upload.headers);
        return (await client.completeUpload(created.video.id)).video as UploadedVideo;
      }
      const parts = await uploadMissingParts(client, {
        videoId: created.video.id,
        file: blob,
        partSize: created.upload.partSize,
        partCount: created.upload.partCount,
        putPart: (url, part) => put(url, part),
      });
      return (await client.completeUpload(created.video.id, parts)).video as UploadedVideo;
    },

    /** Polls until the video leaves the processing states. */
    async settledState(token: string, id: string, timeoutMs = 120_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { state } = (await as(token).getVideo(id)).video;
        if (state === "ready" || state === "failed" || Date.now() > deadline) return state;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    },
  };
}
