/** Documents as plain objects holding BSON values (ObjectId, Date, Int32, Long…), as EJSON.parse returns them. */
export type Doc = Record<string, unknown>;

export interface FindOptions {
  projection?: Doc;
  sort?: Record<string, 1 | -1>;
  limit?: number;
  skip?: number;
}

/** As MongoDB reports it: `modifiedCount` is 0 when the update changed nothing. */
export interface UpdateResult {
  matchedCount: number;
  modifiedCount: number;
  upsertedId?: unknown;
}

/** One index the gateway creates on start (on either backend). */
export interface IndexSpec {
  database: string;
  collection: string;
  fields: Record<string, 1 | -1>;
  unique?: boolean;
}

/**
 * The port behind the gateway: the Data API actions, per database and
 * collection. Implemented by the official driver (`mongo-store.ts`) and by the
 * embedded store (`embedded-store.ts`); the operations the edge uses behave the
 * same on both. Failures are `DataApiError`s (see `errors.ts`).
 */
export interface DocumentStore {
  readonly backend: "mongodb" | "embedded";
  findOne(db: string, coll: string, filter: Doc, options: FindOptions): Promise<Doc | null>;
  find(db: string, coll: string, filter: Doc, options: FindOptions): Promise<Doc[]>;
  insertOne(db: string, coll: string, document: Doc): Promise<unknown>;
  insertMany(db: string, coll: string, documents: Doc[]): Promise<unknown[]>;
  updateOne(
    db: string,
    coll: string,
    filter: Doc,
    update: Doc,
    upsert: boolean,
  ): Promise<UpdateResult>;
  updateMany(
    db: string,
    coll: string,
    filter: Doc,
    update: Doc,
    upsert: boolean,
  ): Promise<UpdateResult>;
  /** `replacement` holds no update operators (validated at the boundary). */
  replaceOne(
    db: string,
    coll: string,
    filter: Doc,
    replacement: Doc,
    upsert: boolean,
  ): Promise<UpdateResult>;
  deleteOne(db: string, coll: string, filter: Doc): Promise<number>;
  deleteMany(db: string, coll: string, filter: Doc): Promise<number>;
  aggregate(db: string, coll: string, pipeline: Doc[]): Promise<Doc[]>;
  ensureIndexes(indexes: IndexSpec[]): Promise<void>;
  close(): Promise<void>;
}

/** MongoDB's default index name: `email_1`, `ownerId_1_createdAt_-1`. */
export function indexName(fields: Record<string, 1 | -1>): string {
  return Object.entries(fields)
    .map(([field, direction]) => `${field}_${direction}`)
    .join("_");
}
