import type { FailureReason, Rendition, VideoOutputs, VideoState } from "@coursecast/shared";

/** What the browser was told to send, and how far the upload got. */
export interface UploadRecord {
  type: "single" | "multipart";
  key: string;
  size: number;
  contentType: string;
  filename: string;
  /** S3 multipart upload id (multipart only). */
  uploadId?: string;
  partSize?: number;
  partCount?: number;
  expiresAt: string;
  completedAt?: string;
  /** The ETag of the object as checked at completion; the job carries it (`If-Match`). */
  etag?: string;
}

export interface Attachment {
  id: string;
  kind: "pdf" | "thumbnail";
  filename: string;
  size: number;
  contentType: string;
  key: string;
  createdAt: string;
}

export interface NotificationRecord {
  /** `ready`: "ready to watch", sent when the video became watchable (playable or ready). */
  type: "ready" | "failed";
  to: string;
  sentAt: string;
  error?: string;
}

/**
 * The stored video (collection `videos`, string `_id`). Only the state machine in
 * `@coursecast/shared` decides transitions; every state write filters on the
 * expected current state.
 */
export interface VideoRecord {
  _id: string;
  ownerId: string;
  /** The course this video is a lecture of; absent only on videos that predate courses. */
  courseId?: string;
  title: string;
  description: string;
  state: VideoState;
  /** 0–100 while processing; never decreases. */
  progress: number;
  stage?: string;
  upload: UploadRecord;
  /** The job last published for this video. */
  jobId?: string;
  jobAttempt: number;
  publishedAt?: string;
  durationSeconds?: number;
  width?: number;
  height?: number;
  renditions?: Rendition[];
  outputs?: VideoOutputs;
  totalSize?: number;
  failure?: { reason: FailureReason; message: string };
  attachments: Attachment[];
  notifications: NotificationRecord[];
  /** Webhook event ids already applied (bounded), so replays are no-ops. */
  appliedEventIds: string[];
  createdAt: string;
  updatedAt: string;
  readyAt?: string;
  /**
   * Watchable while still processing (a `playable` event): growing HLS playlists
   * under `playbackMaster`. Kept true once ready; `isWatchable` in
   * `@coursecast/shared` decides what it allows.
   */
  playable?: boolean;
  /** When the video first became playable (or ready, for a video that never sent `playable`). */
  playableAt?: string;
  /** The growing master playlist served while processing (the final one is `outputs.masterPlaylist`). */
  playbackMaster?: string;
  /** Renditions served while processing but not in the final ladder: deleted after a grace period. */
  supersededPrefixes?: string[];
  /** When the sweeper may delete `supersededPrefixes` (ISO): viewers may still read them until then. */
  supersededDeleteAfter?: string;
}
