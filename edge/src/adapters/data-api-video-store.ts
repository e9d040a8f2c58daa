import { canTransition, statesLeadingTo, type VideoState } from "@coursecast/shared";
import type { VideoListQuery, VideoStore } from "../ports/video-store.ts";
import type { VideoRecord } from "../videos/video.ts";
import type { DataApiClient } from "./data-api-client.ts";

const COLLECTION = "videos";

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
    const filter: Record<string, unknown> = {};
    if (query.ownerId) filter.ownerId = query.ownerId;
    if (query.courseIds) filter.courseId = { $in: query.courseIds };
    filter.state = query.states ? { $in: query.states } : { $ne: "deleted" };
    if (query.cursor) {
      // Keyset pagination on (createdAt, _id), newest first: stable under inserts.
      filter.$or = [
        { createdAt: { $lt: query.cursor.createdAt } },
        { createdAt: query.cursor.createdAt, _id: { $lt: query.cursor.id } },
      ];
    }
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

  async transition(
    id: string,
    to: VideoState,
    set: Partial<VideoRecord> = {},
    onlyFrom?: VideoState[],
  ): Promise<boolean> {
    const from = (onlyFrom ?? statesLeadingTo(to)).filter((state) => canTransition(state, to));
    if (from.length === 0) return false;
    return this.updateWhere(
      id,
      { state: { $in: from } },
      { $set: { ...set, state: to, updatedAt: new Date().toISOString() } },
    );
  }

  async updateWhere(
    id: string,
    filter: Record<string, unknown>,
    update: Record<string, unknown>,
  ): Promise<boolean> {
    const { matchedCount } = await this.dataApi.action<{ matchedCount: number }>(
      "updateOne",
      COLLECTION,
      {
        filter: { ...filter, _id: id },
        update,
      },
    );
    return matchedCount === 1;
  }

  async remove(id: string): Promise<void> {
    await this.dataApi.action("deleteOne", COLLECTION, { filter: { _id: id } });
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
}
