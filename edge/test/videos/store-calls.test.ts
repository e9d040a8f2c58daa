import { describe, expect, it } from "vitest";
import type { VideoStore } from "../../src/ports/video-store.ts";
import { completeUpload } from "../../src/videos/complete-upload.ts";
import { applyEvent } from "../../src/webhooks/apply-event.ts";
import { WebhookEventSchema } from "@coursecast/shared";
import { registerAndLogin } from "../support/api.ts";
import { bytes, createVideo, putSingle, services, uploadAndComplete } from "../support/media.ts";
import { readyEvent } from "../support/webhooks.ts";

/** The real video store, with every call it receives written down. */
function recorded(videos: VideoStore): { store: VideoStore; calls: string[] } {
  const calls: string[] = [];
  const store = new Proxy(videos, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, calls };
}

// Each call is a gateway round trip: the intent methods return the record they wrote.
describe("video store round trips", () => {
  it("should complete an upload and queue its job without reading the video again", async () => {
    const user = await registerAndLogin("instructor");
    const created = await createVideo(user, { size: 2048 });
    expect((await putSingle(created, bytes(2048))).ok).toBe(true);
    const real = services();
    const video = await real.videos.get(created.video.id);
    const { store, calls } = recorded(real.videos);
    const done = await completeUpload({ ...real, videos: store }, video!, undefined);
    expect(done).toMatchObject({ state: "queued", jobAttempt: 1 });
    expect(calls).toEqual(["markUploaded", "claimPublishAttempt", "markQueued"]);
  });

  it("should apply a ready event reading the video once", async () => {
    const user = await registerAndLogin("instructor");
    const id = await uploadAndComplete(user);
    const real = services();
    const { store, calls } = recorded(real.videos);
    const event = WebhookEventSchema.parse(readyEvent(id));
    expect(await applyEvent({ ...real, videos: store }, event)).toBe("applied");
    expect(calls).toEqual(["get", "markReady", "claimNotice"]);
    expect((await real.videos.get(id))?.notifications).toHaveLength(1);
  });
});
