import type { InviteRecord } from "../domain/course.ts";
import type { InviteListQuery, InviteStore } from "../ports/course-store.ts";
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

  async listForCourse(courseId: string, query: InviteListQuery): Promise<InviteRecord[]> {
    const and: Array<Record<string, unknown>> = [{ courseId }];
    if (query.before)
      and.push({
        $or: [
          { createdAt: { $lt: query.before.createdAt } },
          { createdAt: query.before.createdAt, _id: { $lt: query.before.id } },
        ],
      });
    if (query.liveAt)
      and.push(
        { revokedAt: null },
        { $or: [{ expiresAt: null }, { expiresAt: { $gt: query.liveAt } }] },
      );
    const { documents } = await this.dataApi.action<{ documents: InviteRecord[] }>(
      "find",
      COLLECTION,
      { filter: { $and: and }, sort: { createdAt: -1, _id: -1 }, limit: query.limit },
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
