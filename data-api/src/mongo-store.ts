import { MongoClient, MongoServerError, type Document } from "mongodb";
import {
  type Doc,
  type DocumentStore,
  type FindOptions,
  type IndexSpec,
  type UpdateResult,
} from "./document-store.ts";
import { DuplicateKeyError } from "./errors.ts";

function rethrow(err: unknown): never {
  if (err instanceof MongoServerError && err.code === 11000)
    throw new DuplicateKeyError(err.message);
  throw err;
}

/** The official driver: the production backend (`MONGODB_URI`; pool size via `maxPoolSize` in the URI). */
export class MongoStore implements DocumentStore {
  readonly backend = "mongodb" as const;
  private readonly client: MongoClient;

  private constructor(client: MongoClient) {
    this.client = client;
  }

  static async connect(uri: string): Promise<MongoStore> {
    const client = new MongoClient(uri);
    await client.connect();
    return new MongoStore(client);
  }

  private coll(db: string, coll: string) {
    return this.client.db(db).collection<Document>(coll);
  }

  async findOne(db: string, coll: string, filter: Doc, options: FindOptions) {
    return (await this.coll(db, coll).findOne(filter, options)) as Doc | null;
  }

  async find(db: string, coll: string, filter: Doc, options: FindOptions) {
    return (await this.coll(db, coll).find(filter, options).toArray()) as Doc[];
  }

  async insertOne(db: string, coll: string, document: Doc) {
    return (await this.coll(db, coll).insertOne(document).catch(rethrow)).insertedId;
  }

  async insertMany(db: string, coll: string, documents: Doc[]) {
    const result = await this.coll(db, coll).insertMany(documents).catch(rethrow);
    return documents.map((_, i) => result.insertedIds[i]);
  }

  private toResult(r: {
    matchedCount: number;
    modifiedCount: number;
    upsertedId: unknown;
  }): UpdateResult {
    return r.upsertedId == null
      ? { matchedCount: r.matchedCount, modifiedCount: r.modifiedCount }
      : { matchedCount: r.matchedCount, modifiedCount: r.modifiedCount, upsertedId: r.upsertedId };
  }

  async updateOne(db: string, coll: string, filter: Doc, update: Doc, upsert: boolean) {
    return this.toResult(
      await this.coll(db, coll).updateOne(filter, update, { upsert }).catch(rethrow),
    );
  }

  async updateMany(db: string, coll: string, filter: Doc, update: Doc, upsert: boolean) {
    return this.toResult(
      await this.coll(db, coll).updateMany(filter, update, { upsert }).catch(rethrow),
    );
  }

  async deleteOne(db: string, coll: string, filter: Doc) {
    return (await this.coll(db, coll).deleteOne(filter)).deletedCount;
  }

  async deleteMany(db: string, coll: string, filter: Doc) {
    return (await this.coll(db, coll).deleteMany(filter)).deletedCount;
  }

  async aggregate(db: string, coll: string, pipeline: Doc[]) {
    return (await this.coll(db, coll).aggregate(pipeline).toArray()) as Doc[];
  }

  async ensureIndexes(indexes: IndexSpec[]) {
    for (const index of indexes) {
      await this.coll(index.database, index.collection).createIndex(index.fields, {
        unique: index.unique ?? false,
      });
    }
  }

  async close() {
    await this.client.close();
  }
}
