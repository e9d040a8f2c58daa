import { signWebhook } from "@coursecast/shared";
import { describe, expect, it } from "vitest";
import { call, callJson, registerAndLogin, type TestUser } from "../support/api.ts";
import { services, uploadAndComplete } from "../support/media.ts";
import { postEvent, progressEvent, readyEvent } from "../support/webhooks.ts";

type VideoBody = {
  video: {
    state: string;
    progress: number;
    failure?: { reason: string };
    renditions?: Array<Record<string, unknown>>;
    durationSeconds?: number;
    totalSize?: number;
    notifications: Array<{ type: string; to: string }>;
  };
};
const getVideo = (user: TestUser, id: string) =>
  callJson<VideoBody>(`/videos/${id}`, { token: user.access });

describe("POST /webhooks/transcoder", () => {
  it("should apply progress forward only, ignoring replays and late events", async () => {
    const user = await registerAndLogin("instructor");
    const id = await uploadAndComplete(user);
    const first = progressEvent(id, 40);
    expect(await (await postEvent(first)).json()).toEqual({ outcome: "applied" });
    expect((await getVideo(user, id)).body.video).toMatchObject({
      state: "processing",
      progress: 40,
    });
    expect(await (await postEvent(first)).json()).toEqual({ outcome: "ignored" });
    expect(await (await postEvent(progressEvent(id, 20))).json()).toEqual({ outcome: "ignored" });
    expect((await getVideo(user, id)).body.video.progress).toBe(40);
    await postEvent(progressEvent(id, 75));
    expect((await getVideo(user, id)).body.video.progress).toBe(75);
  });

  it("should show the owner what each rung costs, measured, and the total stored bytes", async () => {
    const user = await registerAndLogin("instructor");
    const id = await uploadAndComplete(user);
    const event = readyEvent(id);
    const measured = { averageBandwidth: 420_000, averageBitrate: 290_000, peakBitrate: 310_000 };
    event.renditions[0] = { ...event.renditions[0]!, bandwidth: 440_001, ...measured };
    expect((await postEvent(event)).status).toBe(200);
    const { video } = (await getVideo(user, id)).body;
    expect(video.renditions?.[0]).toMatchObject({ name: "720p", bandwidth: 440_001, ...measured });
    expect(video).toMatchObject({ totalSize: 11000 });
  });

  it("should record a ready video, delete its temporary upload, and e-mail the owner", async () => {
    const user = await registerAndLogin("instructor");
    const id = await uploadAndComplete(user);
    expect(await services().objects.head(`uploads/${id}/source`)).not.toBeNull();
    const response = await postEvent(readyEvent(id));
    expect(response.status).toBe(200);
    const { video } = (await getVideo(user, id)).body;
    expect(video).toMatchObject({ state: "ready", progress: 100, durationSeconds: 12.5 });
    expect(video.renditions).toHaveLength(2);
    expect(await services().objects.head(`uploads/${id}/source`)).toBeNull();
    expect(video.notifications).toEqual([
      expect.objectContaining({ type: "ready", to: user.email }),
    ]);
    // A late progress or failure after ready changes nothing.
    expect(await (await postEvent(progressEvent(id, 99))).json()).toEqual({ outcome: "ignored" });
    expect(
      await (
        await postEvent({
          ...progressEvent(id, 1),
          type: "failed",
          reason: "internal",
          message: "late",
        })
      ).json(),
    ).toEqual({ outcome: "ignored" });
    expect((await getVideo(user, id)).body.video.state).toBe("ready");
  });

  it("should record a failure with its reason", async () => {
    const user = await registerAndLogin("instructor");
    const id = await uploadAndComplete(user);
    const failed = {
      id: crypto.randomUUID(),
      type: "failed",
      jobId: `${id}.1`,
      videoId: id,
      occurredAt: new Date().toISOString(),
      reason: "not_video",
      message: "no video stream",
    };
    expect((await postEvent(failed)).status).toBe(200);
    expect((await getVideo(user, id)).body.video).toMatchObject({
      state: "failed",
      failure: { reason: "not_video" },
    });
  });

  it("should not accept a wrong signature, another secret, a stale timestamp or a missing header", async () => {
    const user = await registerAndLogin("instructor");
    const id = await uploadAndComplete(user);
    const event = progressEvent(id, 10);
    expect((await postEvent(event, { secret: "whsec_someone_else_entirely" })).status).toBe(401);
    expect((await postEvent(event, { at: Math.floor(Date.now() / 1000) - 301 })).status).toBe(401);
    const raw = JSON.stringify(event);
    const valid = await signWebhook((await import("cloudflare:workers")).env.WEBHOOK_SECRET, raw);
    const tampered = await postEvent({ ...event, percent: 90 }, { signature: valid });
    expect(tampered.status).toBe(401);
    expect((await call("/webhooks/transcoder", { method: "POST", body: event })).status).toBe(400);
    expect((await getVideo(user, id)).body.video.progress).toBe(0);
  });

  it("should answer 410 for a deleted video so the transcoder stops", async () => {
    const user = await registerAndLogin("instructor");
    const id = await uploadAndComplete(user);
    expect((await call(`/videos/${id}`, { method: "DELETE", token: user.access })).status).toBe(
      204,
    );
    expect((await postEvent(progressEvent(id, 10))).status).toBe(410);
    expect((await postEvent(readyEvent(id))).status).toBe(410);
  });

  it("should reject a signed but malformed event, naming the field", async () => {
    const user = await registerAndLogin("instructor");
    const id = await uploadAndComplete(user);
    const response = await postEvent({ ...progressEvent(id, 10), percent: 140 });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { field: string } }).error.field).toBe("percent");
  });
});
