import { MongoClient, MongoServerError, type Document } from "mongodb";
import {
  type Doc,
  type DocumentStore,
  type FindOptions,
  type IndexSpec,
  type UpdateResult,
} from "./document-store.ts";
import { DuplicateKeyError, InvalidParameterError } from "./errors.ts";

/**
 * Server error codes that mean the request itself is wrong (BadValue,
 * FailedToParse, TypeMismatch, InvalidOptions, ImmutableField, unknown
 * aggregation stage…): a 400, as Atlas answered them, not a 500.
 */
const REQUEST_ERRORS = new Set([2, 9, 14, 72, 66, 40324, 15952, 16410, 31253, 31254]);

function rethrow(err: unknown): never {
  if (err instanceof MongoServerError && err.code === 11000)
    throw new DuplicateKeyError(err.message);
  if (err instanceof MongoServerError && REQUEST_ERRORS.has(Number(err.code)))
    throw new InvalidParameterError(`(${err.codeName ?? err.code}) ${err.message}`, { cause: err });
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
    return (await this.coll(db, coll).findOne(filter, options).catch(rethrow)) as Doc | null;
  }

  async find(db: string, coll: string, filter: Doc, options: FindOptions) {
    return (await this.coll(db, coll).find(filter, options).toArray().catch(rethrow)) as Doc[];
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

  async replaceOne(db: string, coll: string, filter: Doc, replacement: Doc, upsert: boolean) {
    return this.toResult(
      await this.coll(db, coll).replaceOne(filter, replacement, { upsert }).catch(rethrow),
    );
  }

  async deleteOne(db: string, coll: string, filter: Doc) {
    return (await this.coll(db, coll).deleteOne(filter).catch(rethrow)).deletedCount;
  }

  async deleteMany(db: string, coll: string, filter: Doc) {
    return (await this.coll(db, coll).deleteMany(filter).catch(rethrow)).deletedCount;
  }

  async aggregate(db: string, coll: string, pipeline: Doc[]) {
    return (await this.coll(db, coll).aggregate(pipeline).toArray().catch(rethrow)) as Doc[];
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
