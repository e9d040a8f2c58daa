import type { Services } from "../ports/services.ts";
import type { VideoRecord } from "../domain/video.ts";

/** E-mails the uploader that the video is ready or failed, and records it on the video. */
export async function notifyOwner(
  services: Services,
  video: VideoRecord,
  outcome: "ready" | "failed",
): Promise<void> {
  const owner = await services.users.findById(video.ownerId);
  if (!owner) return;
  const { config } = services;
  const link = `${config.PUBLIC_URL.replace(/\/$/, "")}/#/videos/${video._id}`;
  const subject =
    outcome === "ready"
      ? `“${video.title}” is ready to watch`
      : `“${video.title}” could not be processed`;
  const text =
    outcome === "ready"
      ? `Hello ${owner.name},\n\nyour video “${video.title}” has been processed and is ready:\n${link}\n\n— coursecast`
      : `Hello ${owner.name},\n\nyour video “${video.title}” could not be processed (${video.failure?.reason ?? "unknown"}: ${video.failure?.message ?? ""}).\n${link}\n\n— coursecast`;
  let error: string | undefined;
  try {
    await services.mailer.send({ to: owner.email, subject, text });
  } catch (err) {
    // A failed e-mail never fails the webhook: it is recorded instead.
    error = err instanceof Error ? err.message : String(err);
  }
  await services.videos.recordNotice(video, {
    type: outcome,
    to: owner.email,
    sentAt: new Date().toISOString(),
    ...(error ? { error } : {}),
  });
}
