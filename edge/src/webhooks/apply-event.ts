import type { WebhookEvent } from "@coursecast/shared";
import { AppError } from "../errors.ts";
import { createLogger } from "../log.ts";
import type { Services } from "../ports/services.ts";
import type { VideoRecord } from "../domain/video.ts";
import { notifyOwner } from "./notify-owner.ts";
import { supersededRenditions } from "./superseded-renditions.ts";

export type EventOutcome = "applied" | "ignored";

/** Writes the event through the lifecycle; null when the video was not in a state that takes it. */
async function write(
  services: Services,
  video: VideoRecord,
  event: WebhookEvent,
): Promise<VideoRecord | null> {
  const { videos } = services;
  switch (event.type) {
    case "progress":
      return videos.applyProgress(video, event.id, { percent: event.percent, stage: event.stage });
    case "playable":
      return videos.markPlayable(video, event.id, {
        playbackMaster: event.masterPlaylist,
        durationSeconds: event.durationSeconds,
        width: event.width,
        height: event.height,
      });
    case "ready": {
      const ready = await videos.markReady(video, event.id, {
        durationSeconds: event.durationSeconds,
        width: event.width,
        height: event.height,
        renditions: event.renditions,
        outputs: event.outputs,
        totalSize: event.totalSize,
        ...supersededRenditions(services.config, event),
      });
      // The temporary upload is deleted once everything is made from it.
      if (ready) await services.objects.deleteObject(ready.upload.key);
      return ready;
    }
    case "failed":
      return videos.markFailed(video, event.id, { reason: event.reason, message: event.message });
    case "playable":
      // Not applied yet (issue 15): the video stays as it is until `ready`.
      return null;
  }
}

/**
 * Applies a verified transcoder event through the lifecycle. Replays and late
 * or out-of-order events change nothing and still answer 200; a deleted or
 * unknown video answers 410 so the transcoder stops.
 */
export async function applyEvent(services: Services, event: WebhookEvent): Promise<EventOutcome> {
  const video = await services.videos.get(event.videoId);
  if (!video || video.state === "deleted") throw new AppError("gone", "The video was deleted");
  const applied = await write(services, video, event);
  if (applied && (event.type === "ready" || event.type === "failed")) {
    // Awaited, so the notice is recorded when the transcoder hears 200; never fails the webhook.
    await notifyOwner(services, applied, event.type === "failed" ? "failed" : "watchable").catch(
      (err: unknown) =>
        createLogger({ videoId: event.videoId }).error("Cannot notify the owner", { err }),
    );
  }
  return applied ? "applied" : "ignored";
}
