import { videoOutputPrefix } from "@coursecast/shared";
import type { Services } from "../ports/services.ts";
import type { VideoRecord } from "../domain/video.ts";

/**
 * Marks the video deleted first (an in-flight job's next webhook gets 410), then
 * removes every object and finally the record. A failure part-way leaves a
 * `deleted` record that the sweeper finishes.
 */
export async function deleteVideo(services: Services, video: VideoRecord): Promise<void> {
  await services.videos.markDeleted(video);
  await purgeDeletedVideo(services, video);
}

export async function purgeDeletedVideo(services: Services, video: VideoRecord): Promise<void> {
  const { upload } = video;
  if (upload.type === "multipart" && upload.uploadId && !upload.completedAt) {
    await services.objects.abortMultipart(upload.key, upload.uploadId);
  }
  await services.objects.deleteObject(upload.key);
  await services.objects.deletePrefix(videoOutputPrefix(video._id));
  await services.videos.remove(video._id);
}
