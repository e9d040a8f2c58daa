import { greetingEmail } from "../ports/mailer.ts";
import type { Services } from "../ports/services.ts";
import type { VideoRecord } from "../domain/video.ts";

/**
 * E-mails the uploader that the video can be watched (at `playable`, or at `ready` for
 * a job that never sent `playable`) or that it failed, and records it on the video.
 * "Ready to watch" is sent once per video: the `ready` after a `playable`, or a rerun's
 * second `playable`, sends nothing.
 */
export async function notifyOwner(
  services: Services,
  video: VideoRecord,
  outcome: "watchable" | "failed",
): Promise<void> {
  if (outcome === "watchable" && video.notifications.some((notice) => notice.type === "ready"))
    return;
  const owner = await services.users.findById(video.ownerId);
  if (!owner) return;
  const { config } = services;
  const link = `${config.PUBLIC_URL.replace(/\/$/, "")}/#/videos/${video._id}`;
  const stillProcessing = video.state !== "ready";
  const body =
    outcome === "watchable"
      ? stillProcessing
        ? `your video “${video.title}” is ready to watch:\n${link}\n\nIt is still being processed: more qualities, the download and the poster follow in a few minutes.`
        : `your video “${video.title}” has been processed and is ready:\n${link}`
      : `your video “${video.title}” could not be processed (${video.failure?.reason ?? "unknown"}: ${video.failure?.message ?? ""}).\n${link}`;
  const email = greetingEmail(
    owner,
    outcome === "watchable"
      ? `“${video.title}” is ready to watch`
      : `“${video.title}” could not be processed`,
    body,
  );
  const notice = {
    type: outcome === "watchable" ? ("ready" as const) : ("failed" as const),
    to: owner.email,
    sentAt: new Date().toISOString(),
  };
  // "Ready to watch" is claimed before it is sent: a playable and a ready event (or two
  // workers' events) applied at the same instant both read a video without the notice.
  if (outcome === "watchable" && !(await services.videos.claimNotice(video, notice))) return;
  let error: string | undefined;
  try {
    await services.mailer.send(email);
  } catch (err) {
    // A failed e-mail never fails the webhook: it is recorded instead.
    error = err instanceof Error ? err.message : String(err);
  }
  if (outcome === "watchable") {
    if (error) await services.videos.recordNoticeError(video, notice, error);
  } else await services.videos.recordNotice(video, { ...notice, ...(error ? { error } : {}) });
}
