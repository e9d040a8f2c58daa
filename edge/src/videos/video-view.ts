import type { VideoRecord } from "../domain/video.ts";

/** What clients see of a video: no storage keys of the upload, no internal bookkeeping. */
export function toVideoView(video: VideoRecord) {
  return {
    id: video._id,
    ownerId: video.ownerId,
    title: video.title,
    description: video.description,
    state: video.state,
    progress: video.progress,
    ...(video.stage ? { stage: video.stage } : {}),
    upload: {
      type: video.upload.type,
      filename: video.upload.filename,
      size: video.upload.size,
      contentType: video.upload.contentType,
      expiresAt: video.upload.expiresAt,
      ...(video.upload.partSize
        ? { partSize: video.upload.partSize, partCount: video.upload.partCount }
        : {}),
      ...(video.upload.completedAt ? { completedAt: video.upload.completedAt } : {}),
    },
    ...(video.durationSeconds
      ? { durationSeconds: video.durationSeconds, width: video.width, height: video.height }
      : {}),
    ...(video.renditions
      ? {
          renditions: video.renditions.map(({ name, width, height, bandwidth, size }) => ({
            name,
            width,
            height,
            bandwidth,
            size,
          })),
        }
      : {}),
    ...(video.totalSize ? { totalSize: video.totalSize } : {}),
    ...(video.failure ? { failure: video.failure } : {}),
    attachments: video.attachments.map(({ id, kind, filename, size, contentType, createdAt }) => ({
      id,
      kind,
      filename,
      size,
      contentType,
      createdAt,
    })),
    notifications: video.notifications,
    createdAt: video.createdAt,
    updatedAt: video.updatedAt,
    ...(video.readyAt ? { readyAt: video.readyAt } : {}),
  };
}

export type VideoView = ReturnType<typeof toVideoView>;
