import { readFile } from "node:fs/promises";

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface UploadedVideo {
  id: string;
  state: string;
}

/** A small client for the edge's JSON API, as a script or the CLI would use it. */
export function edgeApi(edgeUrl: string) {
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

    /** Registers a new instructor and logs in; returns the access token. */
    async instructorToken(label: string): Promise<string> {
      const email = `${label}-${crypto.randomUUID().slice(0, 8)}@example.test`;
      const password = "lecture hall 42!";
      const registered = await call("/auth/register", {
        method: "POST",
        body: JSON.stringify({ email, password, name: label, role: "instructor" }),
      });
      if (registered.status !== 201) throw new Error(`register: ${registered.status}`);
      const login = await call<{ access_token: string }>("/auth/login", {
        method: "POST",
        body: JSON.stringify({ email, password }),
      });
      if (login.status !== 200) throw new Error(`login: ${login.status}`);
      return login.body.access_token;
    },

    /** Creates a video, PUTs the bytes to the presigned URL, completes it: the browser's path. */
    async uploadVideo(token: string, file: string | Buffer, title: string) {
      const bytes = typeof file === "string" ? await readFile(file) : file;
      const created = await call<{
        video: { id: string };
        upload: { type: string; url: string; headers: Record<string, string> };
      }>("/videos", {
        method: "POST",
        token,
        body: JSON.stringify({
          title,
          filename: "lecture.mp4",
          size: bytes.length,
          contentType: "video/mp4",
        }),
      });
      if (created.status !== 201) throw new Error(`create: ${created.status}`);
      const put = await fetch(created.body.upload.url, {
        method: "PUT",
        body: new Uint8Array(bytes),
        headers: created.body.upload.headers,
      });
      if (put.status !== 200) throw new Error(`PUT: ${put.status}`);
      const completed = await call<{ video: UploadedVideo }>(
        `/videos/${created.body.video.id}/upload/complete`,
        { method: "POST", token, body: "{}" },
      );
      if (completed.status !== 200) throw new Error(`complete: ${completed.status}`);
      return completed.body.video;
    },

    /** Polls until the video leaves the processing states. */
    async settledState(token: string, id: string, timeoutMs = 120_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { body } = await call<{ video: { state: string } }>(`/videos/${id}`, { token });
        const state = body.video.state;
        if (state === "ready" || state === "failed" || Date.now() > deadline) return state;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    },
  };
}
