import {
  liveStates,
  statesAcceptingPlayable,
  statesAcceptingProgress,
  statesLeadingTo,
  statesWithJob,
  type VideoState,
} from "@coursecast/shared";
import type {
  PlayableResult,
  ReadyResult,
  VideoFailure,
  VideoListQuery,
  VideoStore,
} from "../ports/video-store.ts";
import type { Attachment, NotificationRecord, VideoRecord } from "../domain/video.ts";
import type { DataApiClient } from "./data-api-client.ts";

const COLLECTION = "videos";
/** Webhook event ids remembered per video: enough to catch any replay a transcoder makes. */
const APPLIED_EVENTS_KEPT = 100;

type Filter = Record<string, unknown>;

/** Only while the video is in one of `states`. */
const inStates = (states: VideoState[]): Filter => ({ state: { $in: states } });

/** Only if the event has not been applied yet. */
const notApplied = (eventId: string): Filter => ({ appliedEventIds: { $ne: eventId } });

const rememberEvent = (eventId: string) => ({
  appliedEventIds: { $each: [eventId], $slice: -APPLIED_EVENTS_KEPT },
});

/** The record as the write left it, without reading it back. */
function written(video: VideoRecord, set: Partial<VideoRecord>, eventId?: string): VideoRecord {
  return {
    ...video,
    ...set,
    ...(eventId
      ? { appliedEventIds: [...video.appliedEventIds, eventId].slice(-APPLIED_EVENTS_KEPT) }
      : {}),
  };
}

export class DataApiVideoStore implements VideoStore {
  private readonly dataApi: DataApiClient;

  constructor(dataApi: DataApiClient) {
    this.dataApi = dataApi;
  }

  async create(video: VideoRecord): Promise<void> {
    await this.dataApi.action("insertOne", COLLECTION, { document: video });
  }

  async get(id: string): Promise<VideoRecord | null> {
    const { document } = await this.dataApi.action<{ document: VideoRecord | null }>(
      "findOne",
      COLLECTION,
      { filter: { _id: id } },
    );
    return document;
  }

  async list(query: VideoListQuery): Promise<VideoRecord[]> {
    const filter: Filter = {};
    if (query.ownerId) filter.ownerId = query.ownerId;
    if (query.courseIds) filter.courseId = { $in: query.courseIds };
    filter.state = query.states ? { $in: query.states } : { $ne: "deleted" };
    const and: Filter[] = [];
    if (query.watchableOnly) {
      // isWatchable (shared video-state) as a filter.
      and.push({
        $or: [{ state: "ready" }, { state: { $in: statesAcceptingPlayable() }, playable: true }],
      });
    }
    if (query.cursor) {
      // Keyset pagination on (createdAt, _id), newest first: stable under inserts.
      and.push({
        $or: [
          { createdAt: { $lt: query.cursor.createdAt } },
          { createdAt: query.cursor.createdAt, _id: { $lt: query.cursor.id } },
        ],
      });
    }
    if (and.length) filter.$and = and;
    const { documents } = await this.dataApi.action<{ documents: VideoRecord[] }>(
      "find",
      COLLECTION,
      {
        filter,
        sort: { createdAt: -1, _id: -1 },
        limit: query.limit,
      },
    );
    return documents;
  }

  async findStale(states: VideoState[], before: string, limit: number): Promise<VideoRecord[]> {
    const { documents } = await this.dataApi.action<{ documents: VideoRecord[] }>(
      "find",
      COLLECTION,
      {
        filter: { state: { $in: states }, updatedAt: { $lt: before } },
        sort: { updatedAt: 1 },
        limit,
      },
    );
    return documents;
  }

  async remove(id: string): Promise<void> {
    await this.dataApi.action("deleteOne", COLLECTION, { filter: { _id: id } });
  }

  ping(): Promise<void> {
    return this.dataApi.ping();
  }

  markUploaded(
    video: VideoRecord,
    upload: { completedAt: string; etag?: string },
  ): Promise<VideoRecord | null> {
    return this.moveTo(video, "uploaded", { upload: { ...video.upload, ...upload } });
  }

  failUpload(video: VideoRecord, failure: VideoFailure): Promise<VideoRecord | null> {
    return this.moveTo(video, "failed", { failure }, ["awaiting_upload"]);
  }

  claimPublishAttempt(
    video: VideoRecord,
    claim: { attempt: number; jobId: string },
  ): Promise<VideoRecord | null> {
    return this.write(
      video,
      { ...inStates(statesWithJob()), jobAttempt: video.jobAttempt },
      { jobAttempt: claim.attempt, jobId: claim.jobId },
    );
  }

  markQueued(video: VideoRecord, publishedAt: string): Promise<VideoRecord | null> {
    return this.moveTo(video, "queued", { publishedAt });
  }

  applyProgress(
    video: VideoRecord,
    eventId: string,
    progress: { percent: number; stage: string },
  ): Promise<VideoRecord | null> {
    return this.write(
      video,
      {
        ...inStates(statesAcceptingProgress()),
        ...notApplied(eventId),
        // Never backwards (isProgressForward): only to a higher percentage.
        progress: { $lt: progress.percent },
      },
      { state: "processing", progress: progress.percent, stage: progress.stage },
      eventId,
    );
  }

  markPlayable(
    video: VideoRecord,
    eventId: string,
    result: PlayableResult,
  ): Promise<VideoRecord | null> {
    return this.write(
      video,
      { ...inStates(statesAcceptingPlayable()), ...notApplied(eventId) },
      {
        ...result,
        state: "processing",
        playable: true,
        // A rerun's playable event changes the master, not when the video became watchable.
        playableAt: video.playableAt ?? new Date().toISOString(),
      },
      eventId,
    );
  }

  markReady(video: VideoRecord, eventId: string, result: ReadyResult): Promise<VideoRecord | null> {
    const now = new Date().toISOString();
    return this.write(
      video,
      { ...inStates(statesLeadingTo("ready")), ...notApplied(eventId) },
      {
        ...result,
        state: "ready",
        progress: 100,
        stage: "done",
        readyAt: now,
        playable: true,
        playableAt: video.playableAt ?? now,
      },
      eventId,
    );
  }

  markFailed(
    video: VideoRecord,
    eventId: string,
    failure: VideoFailure,
  ): Promise<VideoRecord | null> {
    return this.write(
      video,
      { ...inStates(statesLeadingTo("failed")), ...notApplied(eventId) },
      { state: "failed", failure },
      eventId,
    );
  }

  markDeleted(video: VideoRecord): Promise<VideoRecord | null> {
    return this.moveTo(video, "deleted", {});
  }

  rename(
    video: VideoRecord,
    changes: { title?: string; description?: string },
  ): Promise<VideoRecord | null> {
    return this.write(video, inStates(liveStates()), changes);
  }

  async addAttachment(video: VideoRecord, attachment: Attachment): Promise<VideoRecord | null> {
    const updatedAt = attachment.createdAt;
    const matched = await this.update(video._id, inStates(liveStates()), {
      $push: { attachments: attachment },
      $set: { updatedAt },
    });
    return matched
      ? { ...video, attachments: [...video.attachments, attachment], updatedAt }
      : null;
  }

  async removeAttachment(video: VideoRecord, attachmentId: string): Promise<void> {
    await this.update(
      video._id,
      {},
      {
        $pull: { attachments: { id: attachmentId } },
        $set: { updatedAt: new Date().toISOString() },
      },
    );
  }

  async findSupersededDue(now: string, limit: number): Promise<VideoRecord[]> {
    const { documents } = await this.dataApi.action<{ documents: VideoRecord[] }>(
      "find",
      COLLECTION,
      {
        filter: { supersededDeleteAfter: { $lt: now } },
        sort: { supersededDeleteAfter: 1 },
        limit,
      },
    );
    return documents;
  }

  async clearSuperseded(video: VideoRecord): Promise<void> {
    await this.update(
      video._id,
      {},
      { $unset: { supersededPrefixes: "", supersededDeleteAfter: "" } },
    );
  }

  async recordNotice(video: VideoRecord, notice: NotificationRecord): Promise<void> {
    await this.update(video._id, {}, { $push: { notifications: notice } });
  }

  claimNotice(video: VideoRecord, notice: NotificationRecord): Promise<boolean> {
    return this.update(
      video._id,
      { "notifications.type": { $ne: notice.type } },
      { $push: { notifications: notice } },
    );
  }

  async recordNoticeError(
    video: VideoRecord,
    notice: NotificationRecord,
    error: string,
  ): Promise<void> {
    // Two writes (a field cannot be pulled and pushed in one): a claim made between
    // them sends the e-mail again, which is then a retry of the one that failed.
    const { type, sentAt } = notice;
    await this.update(video._id, {}, { $pull: { notifications: { type, sentAt } } });
    await this.update(video._id, {}, { $push: { notifications: { ...notice, error } } });
  }

  /** `to` from the states the state machine lets lead there (narrowed by `onlyFrom`). */
  private moveTo(
    video: VideoRecord,
    to: VideoState,
    set: Partial<VideoRecord>,
    onlyFrom?: VideoState[],
  ): Promise<VideoRecord | null> {
    const from = statesLeadingTo(to).filter((state) => !onlyFrom || onlyFrom.includes(state));
    return this.write(video, inStates(from), { ...set, state: to });
  }

  /** Sets `set` (and `updatedAt`) while `filter` still matches; remembers `eventId` if given. */
  private async write(
    video: VideoRecord,
    filter: Filter,
    set: Partial<VideoRecord>,
    eventId?: string,
  ): Promise<VideoRecord | null> {
    const changes = { ...set, updatedAt: new Date().toISOString() };
    const matched = await this.update(video._id, filter, {
      $set: changes,
      ...(eventId ? { $push: rememberEvent(eventId) } : {}),
    });
    return matched ? written(video, changes, eventId) : null;
  }

  private async update(id: string, filter: Filter, update: Filter): Promise<boolean> {
    const { matchedCount } = await this.dataApi.action<{ matchedCount: number }>(
      "updateOne",
      COLLECTION,
      { filter: { ...filter, _id: id }, update },
    );
    return matchedCount === 1;
  }
}
