import { readFile } from "node:fs/promises";
import { EdgeClient } from "../../edge/client/edge-client.ts";

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
      const email = `${label}-${crypto.randomUUID().slice(0, 8)}@example.test`;
      const password = "lecture hall 42!";
      const client = as();
      await client.register({ email, password, name: label, role: "instructor" });
      return (await client.login(email, password)).access_token;
    },

    /** Creates a video, PUTs the bytes to the presigned URL, completes it: the browser's path. */
    async uploadVideo(token: string, file: string | Buffer, title: string) {
      const bytes = typeof file === "string" ? await readFile(file) : file;
      const client = as(token);
      const created = await client.createVideo({
        title,
        filename: "lecture.mp4",
        size: bytes.length,
        contentType: "video/mp4",
      });
      if (created.upload.type !== "single") throw new Error("expected a single PUT upload");
      const put = await fetch(created.upload.url, {
        method: "PUT",
        body: new Uint8Array(bytes),
        headers: created.upload.headers,
      });
      if (put.status !== 200) throw new Error(`PUT: ${put.status}`);
      const completed: UploadedVideo = (await client.completeUpload(created.video.id)).video;
      return completed;
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
