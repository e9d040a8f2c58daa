import type { FailedEvent, ProgressEvent, ReadyEvent, WebhookEvent } from "@coursecast/shared";
import { AppError } from "../errors.ts";
import { createLogger } from "../log.ts";
import type { Services } from "../services.ts";
import { notifyOwner } from "./notify-owner.ts";

const APPLIED_EVENTS_KEPT = 100;

export type EventOutcome = "applied" | "ignored";

/** Filter + update that apply an event at most once (its id is remembered on the video). */
function once(eventId: string) {
  return {
    filter: { appliedEventIds: { $ne: eventId } },
    push: { appliedEventIds: { $each: [eventId], $slice: -APPLIED_EVENTS_KEPT } },
  };
}

async function applyProgress(services: Services, event: ProgressEvent): Promise<boolean> {
  const { filter, push } = once(event.id);
  // Never backwards: only from earlier states, only to a higher percentage.
  return services.videos.updateWhere(
    event.videoId,
    {
      ...filter,
      state: { $in: ["uploaded", "queued", "processing"] },
      progress: { $lt: event.percent },
    },
    {
      $set: {
        state: "processing",
        progress: event.percent,
        stage: event.stage,
        updatedAt: new Date().toISOString(),
      },
      $push: push,
    },
  );
}

async function applyReady(services: Services, event: ReadyEvent): Promise<boolean> {
  const now = new Date().toISOString();
  const { filter, push } = once(event.id);
  const moved = await services.videos.updateWhere(
    event.videoId,
    { ...filter, state: { $in: ["uploaded", "queued", "processing"] } },
    {
      $set: {
        state: "ready",
        progress: 100,
        stage: "done",
        durationSeconds: event.durationSeconds,
        width: event.width,
        height: event.height,
        renditions: event.renditions,
        outputs: event.outputs,
        totalSize: event.totalSize,
        readyAt: now,
        updatedAt: now,
      },
      $push: push,
    },
  );
  if (moved) {
    const video = await services.videos.get(event.videoId);
    // The temporary upload is deleted once everything is made from it.
    if (video) await services.objects.deleteObject(video.upload.key);
  }
  return moved;
}

async function applyFailed(services: Services, event: FailedEvent): Promise<boolean> {
  const { filter, push } = once(event.id);
  return services.videos.updateWhere(
    event.videoId,
    { ...filter, state: { $in: ["awaiting_upload", "uploaded", "queued", "processing"] } },
    {
      $set: {
        state: "failed",
        failure: { reason: event.reason, message: event.message },
        updatedAt: new Date().toISOString(),
      },
      $push: push,
    },
  );
}

/**
 * Applies a verified transcoder event through the lifecycle. Replays and late
 * or out-of-order events change nothing and still answer 200; a deleted or
 * unknown video answers 410 so the transcoder stops.
 */
export async function applyEvent(services: Services, event: WebhookEvent): Promise<EventOutcome> {
  const video = await services.videos.get(event.videoId);
  if (!video || video.state === "deleted") throw new AppError("gone", "The video was deleted");
  const applied =
    event.type === "progress"
      ? await applyProgress(services, event)
      : event.type === "ready"
        ? await applyReady(services, event)
        : await applyFailed(services, event);
  if (applied && event.type !== "progress") {
    // Awaited, so the notice is recorded when the transcoder hears 200; never fails the webhook.
    await notifyOwner(services, event.videoId, event.type).catch((err: unknown) =>
      createLogger({ videoId: event.videoId }).error("Cannot notify the owner", { err }),
    );
  }
  return applied ? "applied" : "ignored";
}
