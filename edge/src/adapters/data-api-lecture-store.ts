import type { LectureStore, MigrationMarkers } from "../ports/lecture-store.ts";
import type { VideoRecord } from "../domain/video.ts";
import type { DataApiClient } from "./data-api-client.ts";

const VIDEOS = "videos";
const MIGRATIONS = "migrations";

export class DataApiLectureStore implements LectureStore {
  private readonly dataApi: DataApiClient;

  constructor(dataApi: DataApiClient) {
    this.dataApi = dataApi;
  }

  async listByCourse(courseId: string, limit: number): Promise<VideoRecord[]> {
    return this.find({ courseId, state: { $ne: "deleted" } }, limit);
  }

  async listWithoutCourse(limit: number): Promise<VideoRecord[]> {
    return this.find({ courseId: { $exists: false }, state: { $ne: "deleted" } }, limit);
  }

  async moveToCourse(videoId: string, courseId: string): Promise<boolean> {
    const { matchedCount } = await this.dataApi.action<{ matchedCount: number }>(
      "updateOne",
      VIDEOS,
      {
        filter: { _id: videoId, state: { $ne: "deleted" } },
        update: { $set: { courseId, updatedAt: new Date().toISOString() } },
      },
    );
    return matchedCount === 1;
  }

  async assignCourse(videoIds: string[], courseId: string): Promise<number> {
    const { modifiedCount } = await this.dataApi.action<{ modifiedCount: number }>(
      "updateMany",
      VIDEOS,
      {
        filter: { _id: { $in: videoIds }, courseId: { $exists: false } },
        update: { $set: { courseId } },
      },
    );
    return modifiedCount;
  }

  private async find(filter: Record<string, unknown>, limit: number): Promise<VideoRecord[]> {
    const { documents } = await this.dataApi.action<{ documents: VideoRecord[] }>("find", VIDEOS, {
      filter,
      sort: { createdAt: 1, _id: 1 },
      limit,
    });
    return documents;
  }
}

export class DataApiMigrationMarkers implements MigrationMarkers {
  private readonly dataApi: DataApiClient;

  constructor(dataApi: DataApiClient) {
    this.dataApi = dataApi;
  }

  async has(name: string): Promise<boolean> {
    const { document } = await this.dataApi.action<{ document: unknown }>("findOne", MIGRATIONS, {
      filter: { _id: name },
    });
    return document !== null;
  }

  async set(name: string, report: Record<string, unknown>): Promise<void> {
    await this.dataApi.action("updateOne", MIGRATIONS, {
      filter: { _id: name },
      update: { $set: { ...report, completedAt: new Date().toISOString() } },
      upsert: true,
    });
  }
}
