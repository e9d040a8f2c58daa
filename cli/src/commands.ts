import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { pipeline } from "node:stream/promises";
import { CliError, Client } from "./client.ts";
import { clearCredentials } from "./credentials.ts";
import { ProgressBar } from "./progress-bar.ts";
import { uploadFile } from "./upload-file.ts";

const TERMINAL = new Set(["ready", "failed", "deleted"]);
const out = (line: string) => process.stdout.write(`${line}\n`);

export async function login(apiUrl: string, email: string, password: string): Promise<void> {
  await Client.login(apiUrl, email, password);
  out(`Logged in to ${apiUrl} as ${email}.`);
}

export async function logout(): Promise<void> {
  await clearCredentials();
  out("Logged out.");
}

export async function upload(files: string[], title?: string): Promise<void> {
  const client = await Client.fromStoredCredentials();
  let failed = 0;
  for (const file of files) {
    try {
      const video = await uploadFile(client, file, files.length === 1 ? title : undefined);
      out(`${file}\t${video.id}\t${video.state}`);
    } catch (err) {
      failed++;
      process.stderr.write(
        `${file}: ${err instanceof Error ? err.message : String(err)} (rerun to resume)\n`,
      );
    }
  }
  if (failed > 0) throw new CliError(`${failed} of ${files.length} uploads failed`);
}

export async function list(): Promise<void> {
  const client = await Client.fromStoredCredentials();
  let cursor: string | null = null;
  do {
    const page = await client.call((api) =>
      api.listVideos({ limit: 100, ...(cursor ? { cursor } : {}) }),
    );
    for (const v of page.items) out(`${v.id}\t${v.state}\t${v.title}`);
    cursor = page.nextCursor;
  } while (cursor);
}

export async function status(id: string, watch: boolean): Promise<void> {
  const client = await Client.fromStoredCredentials();
  const bar = new ProgressBar(id, 100);
  for (;;) {
    const { video } = await client.call((api) => api.getVideo(id));
    if (!watch || TERMINAL.has(video.state)) {
      const failure = "failure" in video ? video.failure : undefined;
      const reason = failure ? ` (${failure.reason}: ${failure.message})` : "";
      if (watch) bar.done(`${video.state}${reason}`);
      else out(`${video.id}\t${video.state}\t${Math.round(video.progress)}%${reason}`);
      if (video.state === "failed")
        throw new CliError(`transcoding failed: ${failure?.reason ?? "unknown"}`);
      return;
    }
    // Playable: watchable already, while the other qualities are still being made.
    const playable = video.state === "processing" && video.playable ? ", playable" : "";
    bar.update(
      video.progress,
      `${video.state}${video.stage ? ` (${video.stage})` : ""}${playable}`,
    );
    await new Promise((r) => setTimeout(r, 2000));
  }
}

export async function download(id: string, format: "mp4" | "mp3", outPath?: string): Promise<void> {
  const client = await Client.fromStoredCredentials();
  const location = await client.call((api) => api.downloadLocation(id, format));
  if (!location) throw new CliError("the edge did not answer with a download location");
  const response = await fetch(location);
  if (!response.ok || !response.body) throw new CliError(`download failed with ${response.status}`);
  const disposition = response.headers.get("content-disposition") ?? "";
  const suggested = /filename="([^"]+)"/.exec(disposition)?.[1];
  const target = outPath ?? suggested ?? `${id}.${format}`;
  await pipeline(Readable.fromWeb(response.body as WebReadableStream), createWriteStream(target));
  out(target);
}
