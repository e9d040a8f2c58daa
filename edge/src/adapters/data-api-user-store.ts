import type { Role, UserRecord } from "../domain/user.ts";
import { AppError } from "../errors.ts";
import type { UserStore } from "../ports/user-store.ts";
import type { DataApiClient } from "./data-api-client.ts";
import { DuplicateKeyError } from "./data-api-client.ts";

const COLLECTION = "users";

export class DataApiUserStore implements UserStore {
  private readonly dataApi: DataApiClient;

  constructor(dataApi: DataApiClient) {
    this.dataApi = dataApi;
  }

  async create(user: UserRecord): Promise<void> {
    try {
      await this.dataApi.action("insertOne", COLLECTION, { document: user });
    } catch (err) {
      if (err instanceof DuplicateKeyError) {
        throw new AppError("conflict", "An account with this e-mail already exists", {
          field: "email",
        });
      }
      throw err;
    }
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    const { document } = await this.dataApi.action<{ document: UserRecord | null }>(
      "findOne",
      COLLECTION,
      { filter: { email } },
    );
    return document;
  }

  async findById(id: string): Promise<UserRecord | null> {
    const { document } = await this.dataApi.action<{ document: UserRecord | null }>(
      "findOne",
      COLLECTION,
      { filter: { _id: id } },
    );
    return document;
  }

  async setRole(id: string, role: Role): Promise<UserRecord | null> {
    const { matchedCount } = await this.dataApi.action<{ matchedCount: number }>(
      "updateOne",
      COLLECTION,
      {
        filter: { _id: id },
        update: { $set: { role, updatedAt: new Date().toISOString() } },
      },
    );
    return matchedCount ? this.findById(id) : null;
  }

  async remove(id: string): Promise<void> {
    await this.dataApi.action("deleteOne", COLLECTION, { filter: { _id: id } });
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.dataApi.action("updateOne", COLLECTION, {
      filter: { _id: id },
      update: { $set: { passwordHash, updatedAt: new Date().toISOString() } },
    });
  }

  async markEmailVerified(id: string, verifiedAt: string, role: Role): Promise<UserRecord | null> {
    const { matchedCount } = await this.dataApi.action<{ matchedCount: number }>(
      "updateOne",
      COLLECTION,
      {
        filter: { _id: id },
        update: {
          $set: { emailVerified: true, emailVerifiedAt: verifiedAt, role, updatedAt: verifiedAt },
        },
      },
    );
    return matchedCount ? this.findById(id) : null;
  }
}
