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
  /**
   * Key prefixes (under the video's output prefix) of renditions that were served while
   * processing but are not in the final ladder (a stream-copied preview replaced by an
   * encoded rung). Viewers who opened the growing master may still be reading them: the
   * edge deletes them after a grace period, not at once.
   */
  supersededPrefixes: z.array(z.string()).default([]),
});

/**
 * The video can be watched from the beginning although it is still processing:
 * `masterPlaylist` is a growing master whose variant playlists are
 * `#EXT-X-PLAYLIST-TYPE:EVENT` (no `#EXT-X-ENDLIST` yet). It lists only rungs
 * that are ahead of a viewer who starts now; the transcoder rewrites it as more
 * rungs get ahead and replaces it with the VOD master when it sends `ready`.
 * Sent at most once per job, before `ready`; a rerun of the job may send it again.
 */
export const PlayableEventSchema = EventBase.extend({
  type: z.literal("playable"),
  masterPlaylist: z.string(),
  durationSeconds: z.number().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** The video rungs listed in the growing master when the event was sent. */
  renditions: z
    .array(
      z.object({
        name: z.string(),
        width: z.number().int().positive(),
        height: z.number().int().positive(),
      }),
    )
    .min(1),
});

export const FailedEventSchema = EventBase.extend({
  type: z.literal("failed"),
  reason: FailureReasonSchema,
  message: z.string().max(2000),
});

export const WebhookEventSchema = z.discriminatedUnion("type", [
  ProgressEventSchema,
  PlayableEventSchema,
  ReadyEventSchema,
  FailedEventSchema,
]);
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;
export type ProgressEvent = z.infer<typeof ProgressEventSchema>;
export type ReadyEvent = z.infer<typeof ReadyEventSchema>;
export type PlayableEvent = z.infer<typeof PlayableEventSchema>;
export type FailedEvent = z.infer<typeof FailedEventSchema>;
