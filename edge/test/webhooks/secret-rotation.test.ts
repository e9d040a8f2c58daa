import { env } from "cloudflare:workers";
import { signWebhook } from "@coursecast/shared";
import { describe, expect, it } from "vitest";
import { checkPlaybackToken, issuePlaybackToken } from "../../src/playback/playback-token.ts";
import { call, callJson, registerAndLogin } from "../support/api.ts";
import { uploadAndComplete } from "../support/media.ts";
import { progressEvent } from "../support/webhooks.ts";

// A rotation: the edge moves to a new WEBHOOK_SECRET and keeps the old one as
// WEBHOOK_SECRET_PREVIOUS until every transcoder signs with the new one.
const NEW_SECRET = `whsec_rotated_${crypto.randomUUID()}`;
const ROTATING = { WEBHOOK_SECRET: NEW_SECRET, WEBHOOK_SECRET_PREVIOUS: env.WEBHOOK_SECRET };
const ROTATED = { WEBHOOK_SECRET: NEW_SECRET };

async function postSigned(event: unknown, secret: string, envOverrides: Record<string, string>) {
  const raw = JSON.stringify(event);
  return call("/webhooks/transcoder", {
    body: event,
    headers: { "webhook-signature": await signWebhook(secret, raw) },
    envOverrides,
  });
}

describe("webhook secret rotation", () => {
  it("should accept both secrets during the rotation and only the new one after it", async () => {
    const user = await registerAndLogin("instructor");
    const id = await uploadAndComplete(user);
    expect((await postSigned(progressEvent(id, 10), env.WEBHOOK_SECRET, ROTATING)).status).toBe(
      200,
    );
    expect((await postSigned(progressEvent(id, 20), NEW_SECRET, ROTATING)).status).toBe(200);
    expect((await postSigned(progressEvent(id, 30), env.WEBHOOK_SECRET, ROTATED)).status).toBe(401);
    expect((await postSigned(progressEvent(id, 40), NEW_SECRET, ROTATED)).status).toBe(200);
    const video = await callJson<{ video: { progress: number } }>(`/videos/${id}`, {
      token: user.access,
    });
    expect(video.body.video.progress).toBe(40);
  });

  it("should keep playback tokens issued before the rotation working until it ends", async () => {
    const token = await issuePlaybackToken(env.WEBHOOK_SECRET, "video-1", 3600);
    expect(await checkPlaybackToken([NEW_SECRET, env.WEBHOOK_SECRET], "video-1", token)).toBe(true);
    expect(await checkPlaybackToken([NEW_SECRET], "video-1", token)).toBe(false);
    expect(await checkPlaybackToken([NEW_SECRET, env.WEBHOOK_SECRET], "video-2", token)).toBe(
      false,
    );
  });
});
