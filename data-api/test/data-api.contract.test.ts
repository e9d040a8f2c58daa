import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EJSON, ObjectId } from "bson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDataApi, type DataApi } from "../src/index.ts";
import { backends, skipBackend } from "./backends.ts";

describe.each(backends)("Data API gateway on the $name", (backend) => {
  const { mongodbUri } = backend;
  const skip = skipBackend(backend);
  let dir: string;
  let api: DataApi;
  const database = `contract_${Date.now()}`;
  const apiKey = "test-key";

  const start = async () =>
    startDataApi({
      port: 0,
      apiKeys: [apiKey, "second-key"],
      ...(mongodbUri ? { mongodbUri } : { dataDir: dir }),
      indexes: [{ database, collection: "users", fields: { email: 1 }, unique: true }],
      silent: true,
    });

  const call = async (
    action: string,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${api.url}/action/${action}`, {
      method: "POST",
      headers: { "content-type": "application/json", "api-key": apiKey, ...headers },
      body: EJSON.stringify({ dataSource: "local", database, collection: "videos", ...body }),
    });
    return {
      status: response.status,
      body: EJSON.parse(await response.text(), { relaxed: true }) as Record<string, unknown>,
    };
  };

  beforeAll(async () => {
    if (skip) return;
    dir = await mkdtemp(join(tmpdir(), "data-api-"));
    api = await start();
  });
  afterAll(async () => {
    if (skip) return;
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(skip)(
    "should insert and find with filters, sort, skip, limit and projection",
    async () => {
      const docs = [1, 2, 3, 4].map((n) => ({
        _id: `v${n}`,
        ownerId: n % 2 ? "a" : "b",
        n,
        meta: { state: n > 2 ? "ready" : "queued" },
      }));
      expect(await call("insertMany", { documents: docs })).toEqual({
        status: 201,
        body: { insertedIds: ["v1", "v2", "v3", "v4"] },
      });
      const found = await call("find", {
        filter: { ownerId: "a" },
        sort: { n: -1 },
        projection: { n: 1 },
      });
      expect(found.body.documents).toEqual([
        { _id: "v3", n: 3 },
        { _id: "v1", n: 1 },
      ]);
      const page = await call("find", {
        filter: { n: { $gte: 2 } },
        sort: { n: 1 },
        skip: 1,
        limit: 2,
      });
      expect((page.body.documents as Array<{ _id: string }>).map((d) => d._id)).toEqual([
        "v3",
        "v4",
      ]);
      const nested = await call("find", {
        filter: { "meta.state": { $in: ["ready"] }, n: { $ne: 4 } },
      });
      expect((nested.body.documents as Array<{ _id: string }>).map((d) => d._id)).toEqual(["v3"]);
      const eq = await call("findOne", { filter: { _id: { $eq: "v2" } } });
      expect((eq.body.document as { n: number }).n).toBe(2);
      expect((await call("findOne", { filter: { _id: "nope" } })).body).toEqual({ document: null });
      const or = await call("find", {
        filter: { $or: [{ n: 1 }, { n: { $gt: 3 } }], missing: { $exists: false } },
        sort: { n: 1 },
      });
      expect((or.body.documents as Array<{ n: number }>).map((d) => d.n)).toEqual([1, 4]);
    },
  );

  it.skipIf(skip)("should round-trip Extended JSON: ObjectIds and dates", async () => {
    const at = new Date("2026-11-23T10:00:00.000Z");
    const ejson = { accept: "application/ejson" };
    const inserted = await call("insertOne", { document: { title: "generated id", at } }, ejson);
    const id = inserted.body.insertedId;
    expect(id).toBeInstanceOf(ObjectId);
    const found = await call("findOne", { filter: { _id: id } }, ejson);
    expect(found.body.document).toEqual({ _id: id, title: "generated id", at });
    const canonical = await fetch(`${api.url}/action/findOne`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/ejson",
        "api-key": apiKey,
      },
      body: EJSON.stringify({
        dataSource: "x",
        database,
        collection: "videos",
        filter: { _id: id },
      }),
    });
    expect(await canonical.text()).toContain('"$date":{"$numberLong"');
  });

  it.skipIf(skip)(
    "should apply conditional updates and report matched and modified counts like MongoDB",
    async () => {
      await call("insertOne", {
        document: { _id: "s1", state: "queued", progress: 0, events: [] },
      });
      const move = (from: string, to: string) =>
        call("updateOne", { filter: { _id: "s1", state: from }, update: { $set: { state: to } } });
      expect((await move("queued", "processing")).body).toEqual({
        matchedCount: 1,
        modifiedCount: 1,
      });
      expect((await move("queued", "processing")).body).toEqual({
        matchedCount: 0,
        modifiedCount: 0,
      });
      const same = await call("updateOne", {
        filter: { _id: "s1" },
        update: { $set: { state: "processing" } },
      });
      expect(same.body).toEqual({ matchedCount: 1, modifiedCount: 0 });
      const progress = await call("updateOne", {
        filter: { _id: "s1", progress: { $lt: 40 }, events: { $ne: "e1" } },
        update: {
          $set: { progress: 40 },
          $inc: { reports: 1 },
          $push: { events: { $each: ["e1"], $slice: -50 } },
        },
      });
      expect(progress.body).toEqual({ matchedCount: 1, modifiedCount: 1 });
      const replay = await call("updateOne", {
        filter: { _id: "s1", events: { $ne: "e1" } },
        update: { $set: { progress: 10 } },
      });
      expect(replay.body.matchedCount).toBe(0);
      const doc = (await call("findOne", { filter: { _id: "s1" } })).body.document;
      expect(doc).toMatchObject({ state: "processing", progress: 40, reports: 1, events: ["e1"] });
      const unset = await call("updateMany", {
        filter: { state: "processing" },
        update: { $unset: { reports: "" } },
      });
      expect(unset.body).toEqual({ matchedCount: 1, modifiedCount: 1 });
    },
  );

  it.skipIf(skip)("should upsert with $setOnInsert only when inserting", async () => {
    const upsert = () =>
      call("updateOne", {
        filter: { _id: "u1" },
        update: { $setOnInsert: { createdAt: "first" }, $inc: { hits: 1 } },
        upsert: true,
      });
    expect((await upsert()).body).toEqual({ matchedCount: 0, modifiedCount: 0, upsertedId: "u1" });
    expect((await upsert()).body).toEqual({ matchedCount: 1, modifiedCount: 1 });
    expect((await call("findOne", { filter: { _id: "u1" } })).body.document).toEqual({
      _id: "u1",
      createdAt: "first",
      hits: 2,
    });
  });

  it.skipIf(skip)(
    "should enforce unique indexes with a recognisable duplicate-key error",
    async () => {
      const users = (document: Record<string, unknown>) =>
        call("insertOne", { collection: "users", document });
      expect((await users({ _id: "p1", email: "a@x.test" })).status).toBe(201);
      const dup = await users({ _id: "p2", email: "a@x.test" });
      expect(dup.status).toBe(409);
      expect(dup.body.error).toMatch(/E11000 duplicate key/);
      expect(dup.body.error_code).toBe("DuplicateKey");
      expect(
        (await call("findOne", { collection: "users", filter: { _id: "p2" } })).body.document,
      ).toBeNull();
    },
  );

  it.skipIf(skip)("should delete one or many", async () => {
    await call("insertMany", { collection: "tmp", documents: [{ k: 1 }, { k: 1 }, { k: 2 }] });
    expect((await call("deleteOne", { collection: "tmp", filter: { k: 1 } })).body).toEqual({
      deletedCount: 1,
    });
    expect((await call("deleteMany", { collection: "tmp", filter: {} })).body).toEqual({
      deletedCount: 2,
    });
  });

  it.skipIf(skip)("should aggregate with $match, $group and $sort", async () => {
    await call("insertMany", {
      collection: "agg",
      documents: [
        { owner: "a", size: 10 },
        { owner: "a", size: 5 },
        { owner: "b", size: 1 },
      ],
    });
    const result = await call("aggregate", {
      collection: "agg",
      pipeline: [
        { $match: { size: { $gt: 1 } } },
        { $group: { _id: "$owner", total: { $sum: "$size" }, n: { $sum: 1 } } },
        { $sort: { total: -1 } },
      ],
    });
    expect(result.body.documents).toEqual([{ _id: "a", total: 15, n: 2 }]);
  });

  it.skipIf(skip)("should reject wrong api keys, unknown actions and invalid bodies", async () => {
    expect((await call("find", {}, { "api-key": "wrong" })).status).toBe(401);
    expect((await call("find", {}, { "api-key": "second-key" })).status).toBe(200);
    expect((await call("drop", {})).status).toBe(404);
    const invalid = await call("insertOne", { document: "not an object" });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatch(/document/);
    const garbage = await fetch(`${api.url}/action/find`, {
      method: "POST",
      headers: { "api-key": apiKey },
      body: "{not json",
    });
    expect(garbage.status).toBe(400);
  });

  it.skipIf(skip || Boolean(mongodbUri))(
    "should keep data across a restart (embedded store)",
    async () => {
      await call("insertOne", { collection: "kept", document: { _id: "k1", note: "persisted" } });
      await api.close();
      api = await start();
      expect(
        (await call("findOne", { collection: "kept", filter: { _id: "k1" } })).body.document,
      ).toEqual({ _id: "k1", note: "persisted" });
      const dup = await call("insertOne", {
        collection: "users",
        document: { _id: "p3", email: "a@x.test" },
      });
      expect(dup.status).toBe(409);
    },
  );
});
