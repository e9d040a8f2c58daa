import type { CourseFile, CourseRecord, CourseSection } from "../domain/course.ts";
import type { CourseChanges, CourseListQuery, CourseStore } from "../ports/course-store.ts";
import { DuplicateKeyError, type DataApiClient } from "./data-api-client.ts";

const COLLECTION = "courses";

export class DataApiCourseStore implements CourseStore {
  private readonly dataApi: DataApiClient;

  constructor(dataApi: DataApiClient) {
    this.dataApi = dataApi;
  }

  async create(course: CourseRecord): Promise<boolean> {
    try {
      await this.dataApi.action("insertOne", COLLECTION, { document: course });
      return true;
    } catch (err) {
      if (err instanceof DuplicateKeyError) return false;
      throw err;
    }
  }

  async get(id: string): Promise<CourseRecord | null> {
    return this.findOne({ _id: id });
  }

  async findUnsorted(ownerId: string): Promise<CourseRecord | null> {
    return this.findOne({ ownerId, unsorted: true });
  }

  async list(query: CourseListQuery): Promise<CourseRecord[]> {
    const and: Record<string, unknown>[] = [];
    if (query.managerId)
      and.push({ $or: [{ ownerId: query.managerId }, { coInstructorIds: query.managerId }] });
    if (query.ids) and.push({ _id: { $in: query.ids } });
    if (query.visibility) and.push({ visibility: query.visibility });
    if (query.published !== undefined) and.push({ published: query.published });
    if (query.cursor) {
      // Keyset pagination on (createdAt, _id), newest first: stable under inserts.
      and.push({
        $or: [
          { createdAt: { $lt: query.cursor.createdAt } },
          { createdAt: query.cursor.createdAt, _id: { $lt: query.cursor.id } },
        ],
      });
    }
    const { documents } = await this.dataApi.action<{ documents: CourseRecord[] }>(
      "find",
      COLLECTION,
      {
        filter: and.length > 0 ? { $and: and } : {},
        sort: { createdAt: -1, _id: -1 },
        limit: query.limit,
      },
    );
    return documents;
  }

  async update(id: string, changes: CourseChanges): Promise<boolean> {
    return this.updateOne(
      { _id: id },
      { $set: { ...changes, updatedAt: new Date().toISOString() } },
    );
  }

  async replaceSections(
    id: string,
    sections: CourseSection[],
    expectedUpdatedAt: string,
  ): Promise<boolean> {
    return this.updateOne(
      { _id: id, updatedAt: expectedUpdatedAt },
      { $set: { sections, updatedAt: nextUpdatedAt(expectedUpdatedAt) } },
    );
  }

  async addFile(id: string, file: CourseFile): Promise<boolean> {
    return this.updateOne(
      { _id: id },
      { $push: { files: file }, $set: { updatedAt: new Date().toISOString() } },
    );
  }

  async remove(id: string): Promise<void> {
    await this.dataApi.action("deleteOne", COLLECTION, { filter: { _id: id } });
  }

  private async findOne(filter: Record<string, unknown>): Promise<CourseRecord | null> {
    const { document } = await this.dataApi.action<{ document: CourseRecord | null }>(
      "findOne",
      COLLECTION,
      { filter },
    );
    return document;
  }

  private async updateOne(
    filter: Record<string, unknown>,
    update: Record<string, unknown>,
  ): Promise<boolean> {
    const { matchedCount } = await this.dataApi.action<{ matchedCount: number }>(
      "updateOne",
      COLLECTION,
      { filter, update },
    );
    return matchedCount === 1;
  }
}

/** Always moves forward, even when two writes land in the same millisecond. */
function nextUpdatedAt(previous: string): string {
  const now = Date.now();
  const before = Date.parse(previous);
  return new Date(Number.isNaN(before) || now > before ? now : before + 1).toISOString();
}
