import { enrolmentId, type EnrolmentRecord } from "../domain/course.ts";
import type { EnrolmentStore, PageCursor } from "../ports/course-store.ts";
import { DuplicateKeyError, type DataApiClient } from "./data-api-client.ts";

const COLLECTION = "enrolments";

export class DataApiEnrolmentStore implements EnrolmentStore {
  private readonly dataApi: DataApiClient;

  constructor(dataApi: DataApiClient) {
    this.dataApi = dataApi;
  }

  async enrol(enrolment: EnrolmentRecord): Promise<boolean> {
    try {
      await this.dataApi.action("insertOne", COLLECTION, { document: enrolment });
      return true;
    } catch (err) {
      if (err instanceof DuplicateKeyError) return false;
      throw err;
    }
  }

  async isEnrolled(courseId: string, studentId: string): Promise<boolean> {
    const { document } = await this.dataApi.action<{ document: EnrolmentRecord | null }>(
      "findOne",
      COLLECTION,
      { filter: { _id: enrolmentId(courseId, studentId) }, projection: { _id: 1 } },
    );
    return document !== null;
  }

  async listStudents(
    courseId: string,
    limit: number,
    after?: PageCursor,
  ): Promise<EnrolmentRecord[]> {
    const filter: Record<string, unknown> = { courseId };
    if (after) {
      filter.$or = [
        { enrolledAt: { $gt: after.createdAt } },
        { enrolledAt: after.createdAt, _id: { $gt: after.id } },
      ];
    }
    const { documents } = await this.dataApi.action<{ documents: EnrolmentRecord[] }>(
      "find",
      COLLECTION,
      { filter, sort: { enrolledAt: 1, _id: 1 }, limit },
    );
    return documents;
  }

  async courseIdsOf(studentId: string, limit: number): Promise<string[]> {
    const { documents } = await this.dataApi.action<{ documents: EnrolmentRecord[] }>(
      "find",
      COLLECTION,
      { filter: { studentId }, sort: { enrolledAt: -1 }, limit },
    );
    return documents.map((enrolment) => enrolment.courseId);
  }

  async remove(courseId: string, studentId: string): Promise<boolean> {
    const { deletedCount } = await this.dataApi.action<{ deletedCount: number }>(
      "deleteOne",
      COLLECTION,
      { filter: { _id: enrolmentId(courseId, studentId) } },
    );
    return deletedCount === 1;
  }
}
