import type { FailureReason, VideoState } from "@coursecast/shared";
import type { Attachment, NotificationRecord, VideoRecord } from "../domain/video.ts";

export interface VideoListQuery {
  ownerId?: string;
  /** Only lectures of these courses. */
  courseIds?: string[];
  states?: VideoState[];
  /** Only videos a student may watch: ready, or processing and playable (`isWatchable`). */
  watchableOnly?: boolean;
  limit: number;
  cursor?: { createdAt: string; id: string };
}

export interface VideoFailure {
  reason: FailureReason;
  message: string;
}

/** What a `ready` event makes of a video (superseded renditions only when there are some). */
export type ReadyResult = Required<
  Pick<VideoRecord, "durationSeconds" | "width" | "height" | "renditions" | "outputs" | "totalSize">
> &
  Pick<VideoRecord, "supersededPrefixes" | "supersededDeleteAfter">;

/** What a `playable` event makes of a video: the growing master and what the source is. */
export type PlayableResult = Required<
  Pick<VideoRecord, "playbackMaster" | "durationSeconds" | "width" | "height">
>;

/**
 * Video metadata (MongoDB `videos` through the Data API), spoken as the
 * lifecycle. Each change applies only from the states the shared state machine
 * (`@coursecast/shared` video-state) allows, as one conditional write; a
 * transcoder event is applied at most once (its id is remembered on the video).
 *
 * A change returns the video as written (the given record with the change
 * applied, not read back), or null when the video was no longer in a state that
 * allows it (nothing changed).
 */
export interface VideoStore {
  create(video: VideoRecord): Promise<void>;
  get(id: string): Promise<VideoRecord | null>;
  list(query: VideoListQuery): Promise<VideoRecord[]>;
  /** Videos in the states, not updated since `before` (ISO), oldest first. */
  findStale(states: VideoState[], before: string, limit: number): Promise<VideoRecord[]>;
  remove(id: string): Promise<void>;
  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;

  /** `awaiting_upload → uploaded`: storage holds the checked file. */
  markUploaded(
    video: VideoRecord,
    upload: { completedAt: string; etag?: string },
  ): Promise<VideoRecord | null>;
  /** `awaiting_upload → failed`: the upload was wrong, aborted or expired. */
  failUpload(video: VideoRecord, failure: VideoFailure): Promise<VideoRecord | null>;
  /**
   * Takes the next job attempt while the video may still get a job and nobody
   * else took it since `video` was read: two callers never publish the same attempt.
   */
  claimPublishAttempt(
    video: VideoRecord,
    claim: { attempt: number; jobId: string },
  ): Promise<VideoRecord | null>;
  /** `uploaded → queued` once the job is on the queue. */
  markQueued(video: VideoRecord, publishedAt: string): Promise<VideoRecord | null>;
  /** Into or within `processing`, only to a higher percentage. */
  applyProgress(
    video: VideoRecord,
    eventId: string,
    progress: { percent: number; stage: string },
  ): Promise<VideoRecord | null>;
  /**
   * Watchable while processing (`statesAcceptingPlayable`, moving `uploaded`/`queued`
   * to `processing`): sets `playable`, keeps the first `playableAt` on a rerun.
   */
  markPlayable(
    video: VideoRecord,
    eventId: string,
    result: PlayableResult,
  ): Promise<VideoRecord | null>;
  /** Ready; keeps `playable` (set now for a video that never sent `playable`). */
  markReady(video: VideoRecord, eventId: string, result: ReadyResult): Promise<VideoRecord | null>;
  /** A transcoder's failure report. */
  markFailed(
    video: VideoRecord,
    eventId: string,
    failure: VideoFailure,
  ): Promise<VideoRecord | null>;
  markDeleted(video: VideoRecord): Promise<VideoRecord | null>;
  rename(
    video: VideoRecord,
    changes: { title?: string; description?: string },
  ): Promise<VideoRecord | null>;
  addAttachment(video: VideoRecord, attachment: Attachment): Promise<VideoRecord | null>;
  /** Drops an attachment whose bytes were refused, whatever the video's state. */
  removeAttachment(video: VideoRecord, attachmentId: string): Promise<void>;
  /** Videos whose superseded renditions may be deleted by now (`supersededDeleteAfter` before `now`). */
  findSupersededDue(now: string, limit: number): Promise<VideoRecord[]>;
  /** Forgets the superseded renditions once deleted, whatever the video's state. */
  clearSuperseded(video: VideoRecord): Promise<void>;
  /** Records an e-mail sent (or tried) about the video, whatever its state. */
  recordNotice(video: VideoRecord, notice: NotificationRecord): Promise<void>;
  /**
   * Records `notice` unless the video already holds one of its type, in one write;
   * false when it does (another request sent it, or is sending it).
   */
  claimNotice(video: VideoRecord, notice: NotificationRecord): Promise<boolean>;
  /** Replaces a claimed notice by the same one with the error its sending met. */
  recordNoticeError(video: VideoRecord, notice: NotificationRecord, error: string): Promise<void>;
}
