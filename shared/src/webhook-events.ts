import { z } from "zod";

/** Why a job failed; the transcoder never retries bad input (`not_video` … `too_large`). */
export const FAILURE_REASONS = [
  "not_video",
  "corrupt",
  "empty",
  "too_long",
  "too_large",
  "unsupported",
  "source_missing",
  "source_changed",
  "insufficient_disk",
  "retries_exhausted",
  "upload_expired",
  "upload_aborted",
  "publish_failed",
  "internal",
] as const;
export const FailureReasonSchema = z.enum(FAILURE_REASONS);
export type FailureReason = z.infer<typeof FailureReasonSchema>;

export const PROGRESS_STAGES = ["downloading", "probing", "transcoding", "uploading"] as const;

export const RenditionSchema = z.object({
  name: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Peak bandwidth in bits per second, as in the master playlist (measured, audio included). */
  bandwidth: z.number().int().positive(),
  /** Mean bandwidth in bits per second, as AVERAGE-BANDWIDTH in the master playlist. */
  averageBandwidth: z.number().int().positive().optional(),
  /** This rung's video alone, measured from its segments after encoding (bits per second). */
  averageBitrate: z.number().int().nonnegative().optional(),
  peakBitrate: z.number().int().nonnegative().optional(),
  codecs: z.string(),
  playlistKey: z.string(),
  /** Bytes of all this rung's segments and init segment. */
  size: z.number().int().nonnegative(),
});
export type Rendition = z.infer<typeof RenditionSchema>;

const StoredFileSchema = z.object({
  key: z.string(),
  size: z.number().int().nonnegative(),
  contentType: z.string(),
});
export type StoredFile = z.infer<typeof StoredFileSchema>;

export const VideoOutputsSchema = z.object({
  masterPlaylist: z.string(),
  mp4: StoredFileSchema,
  mp3: StoredFileSchema.nullable(),
  poster: StoredFileSchema,
  thumbnails: z.array(z.object({ key: z.string(), atSeconds: z.number().nonnegative() })),
  storyboard: StoredFileSchema.nullable(),
});
export type VideoOutputs = z.infer<typeof VideoOutputsSchema>;

const EventBase = z.object({
  /** Unique per event; a replayed id is a no-op at the receiver. */
  id: z.string().min(1).max(128),
  jobId: z.string().min(1),
  videoId: z.string().min(1),
  occurredAt: z.iso.datetime(),
});

export const ProgressEventSchema = EventBase.extend({
  type: z.literal("progress"),
  percent: z.number().min(0).max(100),
  stage: z.enum(PROGRESS_STAGES),
});

export const ReadyEventSchema = EventBase.extend({
  type: z.literal("ready"),
  durationSeconds: z.number().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  renditions: z.array(RenditionSchema).min(1),
  outputs: VideoOutputsSchema,
  /** Total bytes stored for the video: every rung, audio, MP4, MP3, poster, thumbnails. */
  totalSize: z.number().int().nonnegative(),
});

export const FailedEventSchema = EventBase.extend({
  type: z.literal("failed"),
  reason: FailureReasonSchema,
  message: z.string().max(2000),
});

export const WebhookEventSchema = z.discriminatedUnion("type", [
  ProgressEventSchema,
  ReadyEventSchema,
  FailedEventSchema,
]);
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;
export type ProgressEvent = z.infer<typeof ProgressEventSchema>;
export type ReadyEvent = z.infer<typeof ReadyEventSchema>;
export type FailedEvent = z.infer<typeof FailedEventSchema>;
