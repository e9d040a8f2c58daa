import type { InviteRecord } from "../domain/course.ts";
import type { InviteStore } from "../ports/course-store.ts";
import type { DataApiClient } from "./data-api-client.ts";

const COLLECTION = "course_invites";

export class DataApiInviteStore implements InviteStore {
  private readonly dataApi: DataApiClient;

  constructor(dataApi: DataApiClient) {
    this.dataApi = dataApi;
  }

  async create(invite: InviteRecord): Promise<void> {
    await this.dataApi.action("insertOne", COLLECTION, { document: invite });
  }

  async get(code: string): Promise<InviteRecord | null> {
    const { document } = await this.dataApi.action<{ document: InviteRecord | null }>(
      "findOne",
      COLLECTION,
      { filter: { _id: code } },
    );
    return document;
  }

  async listForCourse(courseId: string): Promise<InviteRecord[]> {
    const { documents } = await this.dataApi.action<{ documents: InviteRecord[] }>(
      "find",
      COLLECTION,
      { filter: { courseId }, sort: { createdAt: -1 }, limit: 200 },
    );
    return documents;
  }

  async revoke(courseId: string, code: string, at: string): Promise<boolean> {
    const { matchedCount } = await this.dataApi.action<{ matchedCount: number }>(
      "updateOne",
      COLLECTION,
      { filter: { _id: code, courseId, revokedAt: null }, update: { $set: { revokedAt: at } } },
    );
    return matchedCount === 1;
  }

  async claim(invite: InviteRecord): Promise<boolean> {
    const filter: Record<string, unknown> = { _id: invite._id, revokedAt: null };
    if (invite.maxUses !== null) filter.uses = { $lt: invite.maxUses };
    const { matchedCount } = await this.dataApi.action<{ matchedCount: number }>(
      "updateOne",
      COLLECTION,
      { filter, update: { $inc: { uses: 1 } } },
    );
    return matchedCount === 1;
  }
}
