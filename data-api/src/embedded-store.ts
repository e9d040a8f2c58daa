import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import Datastore from "@seald-io/nedb";
import { ObjectId } from "bson";
import { runPipeline } from "./embedded-aggregate.ts";
import { fromEmbedded, newEmbeddedId, toEmbedded } from "./embedded-codec.ts";
import { projectDocument } from "./embedded-projection.ts";
import { checkFilter } from "./embedded-query.ts";
import {
  type Doc,
  type DocumentStore,
  type FindOptions,
  type IndexSpec,
  type UpdateResult,
} from "./document-store.ts";
import { DuplicateKeyError, InvalidParameterError } from "./errors.ts";
import { KeyedLock } from "./keyed-lock.ts";
import { model } from "./nedb-model.ts";

type Store = Datastore<Doc>;
const NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,119}$/;
const SUPPORTED_MODIFIERS = new Set([
  "$set",
  "$unset",
  "$inc",
  "$push",
  "$addToSet",
  "$pop",
  "$pull",
  "$min",
  "$max",
  "$setOnInsert",
]);

const isPlainObject = (value: unknown): value is Doc =>
  value !== null &&
  typeof value === "object" &&
  !Array.isArray(value) &&
  !(value instanceof Date) &&
  !(value instanceof ObjectId);

/**
 * Mongo's filter semantics where nedb differs: `{$eq: v}` is plain equality, and
 * `$ne`/`$nin` on an array field mean "no element matches" (nedb would test each
 * element), so they become `$not` of the positive test.
 */
function normaliseFilter(filter: unknown): unknown {
  if (Array.isArray(filter)) return filter.map(normaliseFilter);
  if (!isPlainObject(filter)) return filter;
  const out: Doc = {};
  const negations: Doc[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith("$")) {
      out[key] = normaliseFilter(value);
      continue;
    }
    if (!isPlainObject(value) || !Object.keys(value).some((k) => k.startsWith("$"))) {
      out[key] = value;
      continue;
    }
    const { $eq, $ne, $nin, ...rest } = value;
    if ($ne !== undefined) negations.push({ $not: { [key]: $ne } });
    if ($nin !== undefined) negations.push({ $not: { [key]: { $in: $nin } } });
    if ($eq !== undefined) {
      if (Object.keys(rest).length) negations.push({ [key]: $eq });
      else out[key] = $eq;
    }
    if (Object.keys(rest).length) out[key] = rest;
  }
  if (negations.length) out.$and = [...((out.$and as Doc[] | undefined) ?? []), ...negations];
  return out;
}

function rethrow(err: unknown): never {
  const e = err as { errorType?: string; key?: unknown; message?: string };
  if (e?.errorType === "uniqueViolated")
    throw new DuplicateKeyError(`${e.message ?? ""} dup key: ${JSON.stringify(e.key)}`);
  throw err;
}

function splitUpdate(update: Doc): { onInsert: Doc; modifiers: Doc } {
  const { $setOnInsert, ...modifiers } = update;
  for (const op of Object.keys(modifiers)) {
    if (!op.startsWith("$"))
      throw new InvalidParameterError("update must use operators such as $set");
    if (!SUPPORTED_MODIFIERS.has(op))
      throw new InvalidParameterError(
        `update operator ${op} is not supported by the embedded store`,
      );
  }
  return { onInsert: ($setOnInsert as Doc | undefined) ?? {}, modifiers };
}

/** The equality fields of a filter: what an upsert's new document starts from. */
function equalityFields(filter: Doc): Doc {
  const doc: Doc = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith("$") || key.includes(".")) continue;
    const isOperator =
      value !== null &&
      typeof value === "object" &&
      !Array.isArray(value) &&
      !(value instanceof Date) &&
      Object.keys(value).some((k) => k.startsWith("$"));
    if (!isOperator) doc[key] = value;
  }
  return doc;
}

/** The embedded backend: one nedb file per collection under `dataDir`, persisted across restarts. */
export class EmbeddedStore implements DocumentStore {
  readonly backend = "embedded" as const;
  private readonly dataDir: string;
  private readonly stores = new Map<string, Promise<Store>>();
  private readonly writes = new KeyedLock();

  constructor(dataDir: string) {
    this.dataDir = dataDir;
  }

  private store(db: string, coll: string): Promise<Store> {
    if (!NAME.test(db) || !NAME.test(coll) || db.includes("..") || coll.includes("..")) {
      throw new InvalidParameterError("invalid database or collection name");
    }
    const name = `${db}.${coll}`;
    let store = this.stores.get(name);
    if (!store) {
      store = (async () => {
        await mkdir(this.dataDir, { recursive: true });
        const ds = new Datastore<Doc>({ filename: join(this.dataDir, `${name}.db`) });
        await ds.loadDatabaseAsync();
        return ds;
      })();
      this.stores.set(name, store);
    }
    return store;
  }

  private query(filter: Doc): Doc {
    checkFilter(filter);
    return toEmbedded(normaliseFilter(filter), "query") as Doc;
  }

  async findOne(db: string, coll: string, filter: Doc, options: FindOptions) {
    const [doc] = await this.find(db, coll, filter, { ...options, limit: 1 });
    return doc ?? null;
  }

  async find(db: string, coll: string, filter: Doc, options: FindOptions) {
    const ds = await this.store(db, coll);
    let cursor = ds.findAsync(this.query(filter));
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    const projection = options.projection ?? {};
    return ((await cursor) as Doc[]).map((d) =>
      projectDocument(fromEmbedded(d) as Doc, projection),
    );
  }

  async insertOne(db: string, coll: string, document: Doc) {
    const [id] = await this.insertMany(db, coll, [document]);
    return id;
  }

  async insertMany(db: string, coll: string, documents: Doc[]) {
    const ds = await this.store(db, coll);
    const withIds = documents.map((d) => ({ ...d, _id: d._id ?? new ObjectId() }));
    await ds.insertAsync(withIds.map((d) => toEmbedded(d, "document") as Doc)).catch(rethrow);
    return withIds.map((d) => d._id);
  }

  private async upsert(
    ds: Store,
    filter: Doc,
    onInsert: Doc,
    modifiers: Doc,
  ): Promise<UpdateResult> {
    const id = (filter._id as unknown) ?? newEmbeddedId();
    let doc: Doc = {
      ...equalityFields(filter),
      ...(toEmbedded(onInsert, "document") as Doc),
      _id: id,
    };
    if (Object.keys(modifiers).length)
      doc = model.modify(doc, toEmbedded(modifiers, "document") as Doc);
    await ds.insertAsync(doc).catch(rethrow);
    return { matchedCount: 0, modifiedCount: 0, upsertedId: fromEmbedded(id) };
  }

  updateOne(db: string, coll: string, filter: Doc, update: Doc, upsert: boolean) {
    return this.writes.run(`${db}.${coll}`, () =>
      this.updateOneNow(db, coll, filter, update, upsert),
    );
  }

  updateMany(db: string, coll: string, filter: Doc, update: Doc, upsert: boolean) {
    return this.writes.run(`${db}.${coll}`, () =>
      this.updateManyNow(db, coll, filter, update, upsert),
    );
  }

  private async updateOneNow(
    db: string,
    coll: string,
    filter: Doc,
    update: Doc,
    upsert: boolean,
  ): Promise<UpdateResult> {
    const ds = await this.store(db, coll);
    const { onInsert, modifiers } = splitUpdate(update);
    const query = this.query(filter);
    const before = await ds.findOneAsync(query);
    if (!before)
      return upsert
        ? this.upsert(ds, query, onInsert, modifiers)
        : { matchedCount: 0, modifiedCount: 0 };
    if (Object.keys(modifiers).length === 0) return { matchedCount: 1, modifiedCount: 0 };
    // Writes to one collection run one at a time (see KeyedLock), and nedb checks
    // the filter again as it updates, so `before` is what this update changed.
    const result = await ds
      .updateAsync({ ...query, _id: before._id }, toEmbedded(modifiers, "document") as Doc, {
        returnUpdatedDocs: true,
      })
      .catch(rethrow);
    if (result.numAffected === 0) return { matchedCount: 0, modifiedCount: 0 };
    const after = result.affectedDocuments as Doc | null;
    return { matchedCount: 1, modifiedCount: isDeepStrictEqual(before, after) ? 0 : 1 };
  }

  private async updateManyNow(
    db: string,
    coll: string,
    filter: Doc,
    update: Doc,
    upsert: boolean,
  ): Promise<UpdateResult> {
    const ds = await this.store(db, coll);
    const { onInsert, modifiers } = splitUpdate(update);
    const query = this.query(filter);
    const before = await ds.findAsync(query);
    if (before.length === 0)
      return upsert
        ? this.upsert(ds, query, onInsert, modifiers)
        : { matchedCount: 0, modifiedCount: 0 };
    if (Object.keys(modifiers).length === 0)
      return { matchedCount: before.length, modifiedCount: 0 };
    const result = await ds
      .updateAsync(query, toEmbedded(modifiers, "document") as Doc, {
        multi: true,
        returnUpdatedDocs: true,
      })
      .catch(rethrow);
    const afterById = new Map(
      ((result.affectedDocuments as Doc[] | null) ?? []).map((d) => [d._id, d]),
    );
    const modified = before.filter(
      (d) => afterById.has(d._id) && !isDeepStrictEqual(d, afterById.get(d._id)),
    ).length;
    return { matchedCount: result.numAffected, modifiedCount: modified };
  }

  replaceOne(db: string, coll: string, filter: Doc, replacement: Doc, upsert: boolean) {
    return this.writes.run(`${db}.${coll}`, () =>
      this.replaceOneNow(db, coll, filter, replacement, upsert),
    );
  }

  private async replaceOneNow(
    db: string,
    coll: string,
    filter: Doc,
    replacement: Doc,
    upsert: boolean,
  ): Promise<UpdateResult> {
    const ds = await this.store(db, coll);
    const query = this.query(filter);
    const { _id: givenId, ...fields } = toEmbedded(replacement, "document") as Doc;
    const before = await ds.findOneAsync(query);
    if (!before) {
      if (!upsert) return { matchedCount: 0, modifiedCount: 0 };
      const id = givenId ?? equalityFields(query)._id ?? newEmbeddedId();
      await ds.insertAsync({ _id: id, ...fields }).catch(rethrow);
      return { matchedCount: 0, modifiedCount: 0, upsertedId: fromEmbedded(id) };
    }
    if (givenId !== undefined && !isDeepStrictEqual(givenId, before._id))
      throw new InvalidParameterError(
        "After applying the update, the (immutable) field '_id' was found to have been altered",
      );
    const result = await ds
      .updateAsync({ _id: before._id }, { _id: before._id, ...fields }, { returnUpdatedDocs: true })
      .catch(rethrow);
    const after = result.affectedDocuments as Doc | null;
    return { matchedCount: 1, modifiedCount: isDeepStrictEqual(before, after) ? 0 : 1 };
  }

  async deleteOne(db: string, coll: string, filter: Doc) {
    return (await this.store(db, coll)).removeAsync(this.query(filter), { multi: false });
  }

  async deleteMany(db: string, coll: string, filter: Doc) {
    return (await this.store(db, coll)).removeAsync(this.query(filter), { multi: true });
  }

  async aggregate(db: string, coll: string, pipeline: Doc[]) {
    const ds = await this.store(db, coll);
    const all = (await ds.findAsync({})) as Doc[];
    return runPipeline(all, toEmbedded(pipeline, "query") as Doc[]).map(
      (d) => fromEmbedded(d) as Doc,
    );
  }

  async ensureIndexes(indexes: IndexSpec[]) {
    for (const index of indexes) {
      const fields = Object.keys(index.fields);
      const ds = await this.store(index.database, index.collection);
      await ds.ensureIndexAsync({
        fieldName: fields.length === 1 ? fields[0]! : fields,
        unique: index.unique ?? false,
      });
    }
  }

  async close() {
    await this.writes.idle();
    for (const store of this.stores.values()) {
      const ds = await store;
      await ds.compactDatafileAsync();
    }
    this.stores.clear();
  }
}
