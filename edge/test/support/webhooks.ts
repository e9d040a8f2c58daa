import { env, exports } from "cloudflare:workers";
import { signWebhook } from "@coursecast/shared";

export function readyEvent(videoId: string, overrides: Record<string, unknown> = {}) {
  const prefix = `videos/${videoId}/`;
  return {
    id: crypto.randomUUID(),
    type: "ready",
    jobId: `${videoId}.1`,
    videoId,
    occurredAt: new Date().toISOString(),
    durationSeconds: 12.5,
    width: 1280,
    height: 720,
    renditions: [
      {
        name: "720p",
        width: 1280,
        height: 720,
        bandwidth: 3_000_000,
        codecs: "avc1.64001f,mp4a.40.2",
        playlistKey: `${prefix}hls/720p/index.m3u8`,
        size: 4000,
      },
      {
        name: "360p",
        width: 640,
        height: 360,
        bandwidth: 900_000,
        codecs: "avc1.64001e,mp4a.40.2",
        playlistKey: `${prefix}hls/360p/index.m3u8`,
        size: 1000,
      },
    ],
    outputs: {
      masterPlaylist: `${prefix}hls/master.m3u8`,
      mp4: { key: `${prefix}download.mp4`, size: 5000, contentType: "video/mp4" },
      mp3: { key: `${prefix}audio.mp3`, size: 700, contentType: "audio/mpeg" },
      poster: { key: `${prefix}poster.jpg`, size: 300, contentType: "image/jpeg" },
      thumbnails: [{ key: `${prefix}thumbs/0001.jpg`, atSeconds: 0 }],
      storyboard: null,
    },
    totalSize: 11000,
    ...overrides,
  };
}

export function progressEvent(videoId: string, percent: number, id: string = crypto.randomUUID()) {
  return {
    id,
    type: "progress",
    jobId: `${videoId}.1`,
    videoId,
    occurredAt: new Date().toISOString(),
    percent,
    stage: "transcoding",
  };
}

export async function postEvent(
  event: unknown,
  options: { secret?: string; at?: number; signature?: string } = {},
): Promise<Response> {
  const raw = JSON.stringify(event);
  const signature =
    options.signature ?? (await signWebhook(options.secret ?? env.WEBHOOK_SECRET, raw, options.at));
  return exports.default.fetch(
    new Request("http://edge.test/webhooks/transcoder", {
      method: "POST",
      headers: { "webhook-signature": signature, "content-type": "application/json" },
      body: raw,
    }),
  );
}

/** The transcoder's `playable` event: a growing master at the final master's key. */
export function playableEvent(videoId: string, overrides: Record<string, unknown> = {}) {
  return {
    id: crypto.randomUUID(),
    type: "playable",
    jobId: `${videoId}.1`,
    videoId,
    occurredAt: new Date().toISOString(),
    masterPlaylist: `videos/${videoId}/hls/master.m3u8`,
    durationSeconds: 12.5,
    width: 1280,
    height: 720,
    renditions: [{ name: "copy", width: 1280, height: 720 }],
    ...overrides,
  };
}
