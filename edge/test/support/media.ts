import { env } from "cloudflare:workers";
import { inject } from "vitest";
import { DataApiClient } from "../../src/adapters/data-api-client.ts";
import { loadConfig } from "../../src/config.ts";
import { getServices } from "../../src/services.ts";
import { callJson, type TestUser } from "./api.ts";

export const MiB = 1024 * 1024;
export const services = () => getServices(env);
/** The gateway itself, for tests that age or corrupt a record as time or old code would. */
export const dataApi = () => new DataApiClient(loadConfig(env));

export interface Created {
  video: { id: string; state: string; upload: Record<string, unknown> };
  upload: {
    type: string;
    url?: string;
    headers?: Record<string, string>;
    partSize?: number;
    partCount?: number;
  };
}

export async function createVideo(
  user: TestUser,
  body: Record<string, unknown> = {},
): Promise<Created> {
  const response = await callJson<Created>("/videos", {
    token: user.access,
    body: {
      title: "Lecture 1",
      filename: "lecture-1.mp4",
      size: 1024,
      contentType: "video/mp4",
      ...body,
    },
  });
  if (response.status !== 201)
    throw new Error(`create failed ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

export function bytes(size: number, seed = 7): Uint8Array {
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = (i * 31 + seed) & 0xff;
  return data;
}

/** Writes an object straight to the S3 stand-in, as the transcoder would, through a presigned PUT. */
export async function putObject(
  key: string,
  body: string,
  contentType = "application/octet-stream",
): Promise<void> {
  const signed = await services().objects.presignPut(key, {
    contentType,
    contentLength: new TextEncoder().encode(body).length,
    expiresIn: 60,
  });
  const response = await fetch(signed.url, { method: "PUT", body, headers: signed.headers });
  if (!response.ok) throw new Error(`PUT ${key}: ${response.status}`);
}

/** Uploads through the presigned single PUT exactly as a browser would. */
export async function putSingle(created: Created, data: Uint8Array): Promise<Response> {
  return fetch(created.upload.url!, { method: "PUT", body: data, headers: created.upload.headers });
}

export async function uploadAndComplete(user: TestUser, size = 1024): Promise<string> {
  const created = await createVideo(user, { size });
  const put = await putSingle(created, bytes(size));
  if (!put.ok) throw new Error(`PUT failed ${put.status}`);
  const done = await callJson(`/videos/${created.video.id}/upload/complete`, {
    token: user.access,
    body: {},
  });
  if (done.status !== 200)
    throw new Error(`complete failed ${done.status}: ${JSON.stringify(done.body)}`);
  return created.video.id;
}

/**
 * Takes every message off this run's private queue and returns those of the
 * given video. Only the uploads suite drains, so counts there are exact.
 */
export async function drainJobsFor(videoId: string): Promise<Array<Record<string, unknown>>> {
  const t = inject("testTopology");
  const jobs: Array<Record<string, unknown>> = [];
  for (;;) {
    const response = await fetch(
      `${t.apiUrl}/api/queues/${t.vhost}/${encodeURIComponent(t.queue)}/get`,
      {
        method: "POST",
        headers: { authorization: t.authorization, "content-type": "application/json" },
        body: JSON.stringify({ count: 100, ackmode: "ack_requeue_false", encoding: "auto" }),
      },
    );
    const messages = (await response.json()) as Array<{
      payload: string;
      properties: { message_id?: string; delivery_mode?: number };
    }>;
    if (messages.length === 0) return jobs;
    for (const message of messages) {
      const job = JSON.parse(message.payload) as Record<string, unknown>;
      if (job.videoId === videoId)
        jobs.push({
          ...job,
          _messageId: message.properties.message_id,
          _deliveryMode: message.properties.delivery_mode,
        });
    }
  }
}
