import { z } from "@hono/zod-openapi";
import { VIDEO_STATES, isWatchable } from "@coursecast/shared";
import type { AuthUser } from "../domain/auth-user.ts";
import type { Attachment, VideoRecord } from "../domain/video.ts";

// Strict shapes (additionalProperties: false in /openapi.json): a field reaches a
// client only when it is declared here, for the audience the schema is for.

export const AttachmentSchema = z
  .strictObject({
    id: z.string(),
    kind: z.enum(["pdf", "thumbnail"]),
    filename: z.string(),
    size: z.number(),
    contentType: z.string(),
    createdAt: z.string(),
  })
  .openapi("Attachment");

const RenditionSummarySchema = z.strictObject({
  name: z.string(),
  width: z.number(),
  height: z.number(),
  bandwidth: z.number(),
  /** Per rung, bits per second: AVERAGE-BANDWIDTH of the master playlist, the measured mean and peak (absent on older videos). */
  averageBandwidth: z.number().optional(),
  averageBitrate: z.number().optional(),
  peakBitrate: z.number().optional(),
  size: z.number(),
});

/** What anyone allowed to watch the video sees: no e-mail, no owner id, no upload details. */
export const ViewerVideoSchema = z
  .strictObject({
    id: z.string(),
    /** The course the video is a lecture of (absent on videos not yet migrated). */
    courseId: z.string().optional(),
    title: z.string(),
    description: z.string(),
    state: z.enum(VIDEO_STATES),
    progress: z.number(),
    stage: z.string().optional(),
    durationSeconds: z.number().optional(),
    width: z.number().optional(),
    height: z.number().optional(),
    renditions: z.array(RenditionSummarySchema).optional(),
    totalSize: z.number().optional(),
    attachments: z.array(AttachmentSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
    readyAt: z.string().optional(),
    playable: z.boolean().openapi({
      description:
        "True when the video can be watched now: ready, or still processing with the first qualities done (more follow; poster and downloads come at ready).",
    }),
    playableAt: z.string().nullable().openapi({
      description: "When the video first became watchable; null while it cannot be watched yet.",
    }),
  })
  .openapi("ViewerVideo");

/** What the owner and admins see: everything a client may know, the upload and the e-mails sent. */
export const OwnerVideoSchema = z
  .strictObject({
    ...ViewerVideoSchema.shape,
    ownerId: z.string(),
    upload: z.strictObject({
      type: z.enum(["single", "multipart"]),
      filename: z.string(),
      size: z.number(),
      contentType: z.string(),
      expiresAt: z.string(),
      partSize: z.number().optional(),
      partCount: z.number().optional(),
      completedAt: z.string().optional(),
    }),
    failure: z.strictObject({ reason: z.string(), message: z.string() }).optional(),
    notifications: z.array(
      z.strictObject({
        type: z.enum(["ready", "failed"]),
        to: z.string(),
        sentAt: z.string(),
        error: z.string().optional(),
      }),
    ),
  })
  .openapi("OwnerVideo");

/** Either view: which one a caller gets depends on who they are. */
export const VideoViewSchema = z.union([OwnerVideoSchema, ViewerVideoSchema]).openapi("Video");

export type AttachmentView = z.infer<typeof AttachmentSchema>;
export type ViewerVideo = z.infer<typeof ViewerVideoSchema>;
export type OwnerVideo = z.infer<typeof OwnerVideoSchema>;
export type VideoView = z.infer<typeof VideoViewSchema>;

export function toAttachmentView({
  id,
  kind,
  filename,
  size,
  contentType,
  createdAt,
}: Attachment): AttachmentView {
  return { id, kind, filename, size, contentType, createdAt };
}

export function toViewerView(video: VideoRecord): ViewerVideo {
  return {
    id: video._id,
    ...(video.courseId ? { courseId: video.courseId } : {}),
    title: video.title,
    description: video.description,
    state: video.state,
    progress: video.progress,
    ...(video.stage ? { stage: video.stage } : {}),
    ...(video.durationSeconds
      ? { durationSeconds: video.durationSeconds, width: video.width, height: video.height }
      : {}),
    ...(video.renditions
      ? {
          renditions: video.renditions.map((r) => ({
            name: r.name,
            width: r.width,
            height: r.height,
            bandwidth: r.bandwidth,
            // The measured rates are absent (and left out of the JSON) on older videos.
            ...(r.averageBandwidth !== undefined ? { averageBandwidth: r.averageBandwidth } : {}),
            ...(r.averageBitrate !== undefined ? { averageBitrate: r.averageBitrate } : {}),
            ...(r.peakBitrate !== undefined ? { peakBitrate: r.peakBitrate } : {}),
            size: r.size,
          })),
        }
      : {}),
    ...(video.totalSize ? { totalSize: video.totalSize } : {}),
    attachments: video.attachments.map(toAttachmentView),
    createdAt: video.createdAt,
    updatedAt: video.updatedAt,
    ...(video.readyAt ? { readyAt: video.readyAt } : {}),
    ...playability(video),
  };
}

/** Whether the video can be watched now, and since when (older records carry only `readyAt`). */
export function playability(video: VideoRecord): { playable: boolean; playableAt: string | null } {
  const playable = isWatchable(video.state, video.playable ?? false);
  return { playable, playableAt: playable ? (video.playableAt ?? video.readyAt ?? null) : null };
}

export function toOwnerView(video: VideoRecord): OwnerVideo {
  const { upload } = video;
  return {
    ...toViewerView(video),
    ownerId: video.ownerId,
    upload: {
      type: upload.type,
      filename: upload.filename,
      size: upload.size,
      contentType: upload.contentType,
      expiresAt: upload.expiresAt,
      ...(upload.partSize ? { partSize: upload.partSize, partCount: upload.partCount } : {}),
      ...(upload.completedAt ? { completedAt: upload.completedAt } : {}),
    },
    ...(video.failure ? { failure: video.failure } : {}),
    notifications: video.notifications.map(({ type, to, sentAt, error }) => ({
      type,
      to,
      sentAt,
      ...(error ? { error } : {}),
    })),
  };
}

/** The owner and admins see the owner's view; every other viewer the viewer's. */
export function viewFor(user: AuthUser, video: VideoRecord): VideoView {
  return user.role === "admin" || user.id === video.ownerId
    ? toOwnerView(video)
    : toViewerView(video);
}
