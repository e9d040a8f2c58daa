import type { Services } from "../ports/services.ts";

const BATCH = 50;

/**
 * Deletes the renditions served while processing but left out of the final ladder,
 * once their grace period is over (`supersededDeleteAfter`, set at `ready`), then
 * forgets them. Returns how many videos were cleaned; one failure never stops the rest.
 */
export async function deleteSupersededRenditions(
  services: Services,
  now = new Date(),
  onError: (videoId: string, err: unknown) => void = () => {},
): Promise<number> {
  let cleaned = 0;
  for (const video of await services.videos.findSupersededDue(now.toISOString(), BATCH)) {
    try {
      for (const prefix of video.supersededPrefixes ?? []) {
        await services.objects.deletePrefix(prefix);
      }
      await services.videos.clearSuperseded(video);
      cleaned++;
    } catch (err) {
      onError(video._id, err);
    }
  }
  return cleaned;
}
