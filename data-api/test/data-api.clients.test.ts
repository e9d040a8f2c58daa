import { EJSON, ObjectId } from "bson";
import { MongoDBDataAPI } from "mongodb-data-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, skipBackend, startGateway } from "./backends.ts";

// Driven by the npm Data API client (mongodb-data-api, unmodified: axios, JSON in,
// JSON out) and by raw calls shaped like Atlas's own documentation examples.
describe.each(backends)("Atlas Data API clients on the $name", (backend) => {
  const skip = skipBackend(backend);
  const apiKey = "clients-key";
  const database = `clients_${Date.now()}`;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  const client = (collection: string) =>
    new MongoDBDataAPI(
      { apiKey, urlEndpoint: gateway.api.url },
      { dataSource: "local", database, collection },
    );
  const raw = async (
    action: string,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${gateway.api.url}/action/${action}`, {
      method: "POST",
      headers: { "content-type": "application/json", "api-key": apiKey, ...headers },
      body: EJSON.stringify({ dataSource: "local", database, ...body }, { relaxed: false }),
    });
    return {
      status: response.status,
      type: response.headers.get("content-type"),
      text: await response.text(),
    };
  };

  beforeAll(async () => {
    if (!skip) gateway = await startGateway(backend, { apiKeys: [apiKey], database });
  });
  afterAll(async () => {
    if (!skip) await gateway.stop();
  });

  it.skipIf(skip)(
    "should answer application/json clients in plain JSON: ids and dates as strings",
    async () => {
      const lectures = client("lectures");
      const at = "2026-11-23T10:00:00.000Z";
      const inserted = await lectures.insertOne({ document: { title: "Lecture 1", n: 1 } });
      expect(inserted.insertedId).toMatch(/^[0-9a-f]{24}$/);
      // Dates sent as EJSON come back as ISO strings; ids compare as strings.
      await raw(
        "updateOne",
        {
          collection: "lectures",
          filter: { _id: new ObjectId(inserted.insertedId as string) },
          update: { $set: { at: new Date(at) } },
        },
        { accept: "application/json" },
      );
      const found = await lectures.findOne({ filter: { title: "Lecture 1" } });
      expect(found.document).toEqual({ _id: inserted.insertedId, title: "Lecture 1", n: 1, at });
      const many = await lectures.insertMany({ documents: [{ n: 2 }, { n: 3 }] });
      expect(many.insertedIds).toHaveLength(2);
      expect(many.insertedIds.every((id: unknown) => typeof id === "string")).toBe(true);
      const all = await lectures.find({ filter: {}, sort: { n: 1 } });
      expect(all.documents.map((d) => d._id as string)).toEqual([
        inserted.insertedId,
        ...many.insertedIds,
      ]);
      expect(await lectures.updateOne({ filter: { n: 2 }, update: { $set: { n: 20 } } })).toEqual({
        matchedCount: 1,
        modifiedCount: 1,
      });
      expect(await lectures.deleteOne({ filter: { n: 20 } })).toEqual({ deletedCount: 1 });
      const grouped = await lectures.aggregate({
        pipeline: [{ $group: { _id: null, total: { $sum: "$n" } } }],
      });
      expect(grouped.documents).toEqual([{ _id: null, total: 4 }]);
    },
  );

  it.skipIf(skip)(
    "should answer application/ejson in canonical Extended JSON, whatever the body's type",
    async () => {
      const id = new ObjectId();
      const at = new Date("2026-11-23T10:00:00.000Z");
      await raw("insertOne", { collection: "formats", document: { _id: id, at, n: 5 } });
      const canonical = await raw(
        "findOne",
        { collection: "formats", filter: { _id: id } },
        { "content-type": "application/ejson", accept: "application/ejson" },
      );
      expect(canonical.type).toBe("application/ejson");
      expect(JSON.parse(canonical.text)).toEqual({
        document: {
          _id: { $oid: id.toHexString() },
          at: { $date: { $numberLong: String(at.getTime()) } },
          n: { $numberInt: "5" },
        },
      });
      // Without Accept the answer follows the request's Content-Type.
      const sameAsBody = await raw(
        "findOne",
        { collection: "formats", filter: { _id: id } },
        { "content-type": "application/ejson" },
      );
      expect(sameAsBody.text).toBe(canonical.text);
      const plain = await raw(
        "findOne",
        { collection: "formats", filter: { _id: id } },
        { "content-type": "application/ejson", accept: "application/json" },
      );
      expect(plain.type).toBe("application/json");
      expect(JSON.parse(plain.text)).toEqual({
        document: { _id: id.toHexString(), at: at.toISOString(), n: 5 },
      });
    },
  );

  it.skipIf(skip)(
    "should refuse a bad query operator with 400 and Atlas's error shape",
    async () => {
      await raw("insertOne", { collection: "ops", document: { n: 1 } });
      for (const collection of ["ops", "empty"]) {
        for (const filter of [{ $foo: 1 }, { n: { $foo: 1 } }, { $or: [{ n: { $bar: 2 } }] }]) {
          const response = await raw("find", { collection, filter });
          expect(response.status).toBe(400);
          const body = JSON.parse(response.text) as Record<string, unknown>;
          expect(Object.keys(body).sort()).toEqual(["error", "error_code"]);
          expect(body.error_code).toBe("InvalidParameter");
          expect(body.error).toMatch(/\$foo|\$bar/);
        }
      }
      const update = await raw("updateOne", {
        collection: "ops",
        filter: { n: { $foo: 1 } },
        update: { $set: { n: 2 } },
      });
      expect(update.status).toBe(400);
      const deleted = await raw("deleteMany", {
        collection: "ops",
        filter: { $where: 1, $foo: 2 },
      });
      expect(deleted.status).toBe(400);
      await expect(client("ops").find({ filter: { n: { $foo: 1 } } })).rejects.toMatchObject({
        status: 400,
      });
    },
  );

  it.skipIf(skip)(
    "should replace one document, upsert, and refuse operators in a replacement",
    async () => {
      const docs = client("replace");
      await docs.insertOne({ document: { _id: "r1", title: "old", tags: ["a"] } });
      expect(
        await docs.replaceOne({ filter: { _id: "r1" }, replacement: { title: "new" } }),
      ).toEqual({ matchedCount: 1, modifiedCount: 1 });
      expect((await docs.findOne({ filter: { _id: "r1" } })).document).toEqual({
        _id: "r1",
        title: "new",
      });
      expect(
        await docs.replaceOne({ filter: { _id: "r1" }, replacement: { title: "new" } }),
      ).toEqual({ matchedCount: 1, modifiedCount: 0 });
      expect(
        await docs.replaceOne({ filter: { _id: "none" }, replacement: { title: "x" } }),
      ).toEqual({ matchedCount: 0, modifiedCount: 0 });
      expect(
        await docs.replaceOne({
          filter: { _id: "r2" },
          replacement: { title: "upserted" },
          upsert: true,
        }),
      ).toEqual({ matchedCount: 0, modifiedCount: 0, upsertedId: "r2" });
      expect((await docs.findOne({ filter: { _id: "r2" } })).document).toEqual({
        _id: "r2",
        title: "upserted",
      });
      const withOperator = await raw("replaceOne", {
        collection: "replace",
        filter: { _id: "r1" },
        replacement: { $set: { title: "x" } },
      });
      expect(withOperator.status).toBe(400);
      expect(JSON.parse(withOperator.text).error_code).toBe("InvalidParameter");
    },
  );

  it.skipIf(skip)("should return projected fields in the document's order", async () => {
    const docs = client("projection");
    await docs.insertOne({
      document: { _id: "p1", b: 2, a: 1, c: 3, meta: { z: 26, x: 24, y: 25 } },
    });
    const keys = async (projection: Record<string, number>) =>
      (await docs.findOne({ filter: { _id: "p1" }, projection })).document as Record<
        string,
        unknown
      >;
    expect(Object.keys(await keys({ c: 1, a: 1 }))).toEqual(["_id", "a", "c"]);
    expect(Object.keys(await keys({ c: 1, b: 1, _id: 0 }))).toEqual(["b", "c"]);
    expect(Object.keys(await keys({ a: 0 }))).toEqual(["_id", "b", "c", "meta"]);
    const nested = await keys({ "meta.y": 1, "meta.x": 1 });
    expect(nested).toEqual({ _id: "p1", meta: { x: 24, y: 25 } });
    expect(Object.keys(nested.meta as object)).toEqual(["x", "y"]);
    const found = await docs.find({ filter: {}, projection: { c: 1, b: 1 } });
    expect(Object.keys(found.documents[0]!)).toEqual(["_id", "b", "c"]);
    const mixed = await raw("findOne", {
      collection: "projection",
      filter: {},
      projection: { a: 1, b: 0 },
    });
    expect(mixed.status).toBe(400);
  });

  it.skipIf(skip)(
    "should keep int64 and Decimal128 as the driver does, or refuse them clearly",
    async () => {
      const canonical = { "content-type": "application/ejson", accept: "application/ejson" };
      const send = (document: Record<string, unknown>) =>
        fetch(`${gateway.api.url}/action/insertOne`, {
          method: "POST",
          headers: { ...canonical, "api-key": apiKey },
          body: JSON.stringify({ dataSource: "local", database, collection: "numbers", document }),
        });
      const ints = await send({
        _id: "ints",
        small: { $numberLong: "7" },
        big: { $numberLong: "10737418240" },
        negative: { $numberLong: "-10737418240" },
      });
      expect(ints.status).toBe(201);
      const read = await raw(
        "findOne",
        { collection: "numbers", filter: { _id: "ints" } },
        canonical,
      );
      // The driver hands int64 values within ±2^53 back as numbers (its promoteLongs default).
      expect(JSON.parse(read.text).document).toEqual({
        _id: "ints",
        small: { $numberInt: "7" },
        big: { $numberLong: "10737418240" },
        negative: { $numberLong: "-10737418240" },
      });
      const inc = await raw(
        "updateOne",
        {
          collection: "numbers",
          filter: { _id: "ints", big: { $gt: 10737418239 } },
          update: { $inc: { big: 1 } },
        },
        canonical,
      );
      expect(JSON.parse(inc.text)).toEqual({
        matchedCount: { $numberInt: "1" },
        modifiedCount: { $numberInt: "1" },
      });

      const huge = await send({ _id: "huge", n: { $numberLong: "9007199254740993" } });
      const decimal = await send({ _id: "decimal", price: { $numberDecimal: "9823.1297" } });
      if (backend.driver) {
        expect([huge.status, decimal.status]).toEqual([201, 201]);
        const back = await raw(
          "find",
          {
            collection: "numbers",
            filter: { _id: { $in: ["huge", "decimal"] } },
            sort: { _id: -1 },
          },
          canonical,
        );
        expect(JSON.parse(back.text).documents).toEqual([
          { _id: "huge", n: { $numberLong: "9007199254740993" } },
          { _id: "decimal", price: { $numberDecimal: "9823.1297" } },
        ]);
        const plain = await raw("findOne", { collection: "numbers", filter: { _id: "huge" } });
        expect(plain.text).toContain('"n":9007199254740993');
      } else {
        // The embedded store keeps numbers as doubles: it refuses what a double cannot hold.
        expect(huge.status).toBe(400);
        expect(await huge.json()).toMatchObject({
          error_code: "InvalidParameter",
          error: expect.stringMatching(/9007199254740993.*precision/),
        });
        expect(decimal.status).toBe(400);
        expect(await decimal.json()).toMatchObject({
          error_code: "InvalidParameter",
          error: expect.stringMatching(/Decimal128/),
        });
      }
    },
  );
});
