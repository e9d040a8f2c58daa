import { ACTIONS, type ActionInput, type ActionName } from "./action-schemas.ts";
import type { DocumentStore, FindOptions } from "./document-store.ts";

/** Validates one Data API action's body, runs it, and shapes the answer as Atlas's Data API did. */
export async function runAction(
  store: DocumentStore,
  action: ActionName,
  body: unknown,
): Promise<Record<string, unknown>> {
  switch (action) {
    case "findOne": {
      const i: ActionInput<"findOne"> = ACTIONS.findOne.parse(body);
      const options: FindOptions = i.projection ? { projection: i.projection } : {};
      return { document: await store.findOne(i.database, i.collection, i.filter, options) };
    }
    case "find": {
      const { database, collection, filter, projection, sort, limit, skip } =
        ACTIONS.find.parse(body);
      const options: FindOptions = {
        ...(projection ? { projection } : {}),
        ...(sort ? { sort } : {}),
        ...(limit ? { limit } : {}),
        ...(skip ? { skip } : {}),
      };
      return { documents: await store.find(database, collection, filter, options) };
    }
    case "insertOne": {
      const i = ACTIONS.insertOne.parse(body);
      return { insertedId: await store.insertOne(i.database, i.collection, i.document) };
    }
    case "insertMany": {
      const i = ACTIONS.insertMany.parse(body);
      return { insertedIds: await store.insertMany(i.database, i.collection, i.documents) };
    }
    case "updateOne": {
      const i = ACTIONS.updateOne.parse(body);
      return { ...(await store.updateOne(i.database, i.collection, i.filter, i.update, i.upsert)) };
    }
    case "updateMany": {
      const i = ACTIONS.updateMany.parse(body);
      return {
        ...(await store.updateMany(i.database, i.collection, i.filter, i.update, i.upsert)),
      };
    }
    case "replaceOne": {
      const i = ACTIONS.replaceOne.parse(body);
      return {
        ...(await store.replaceOne(i.database, i.collection, i.filter, i.replacement, i.upsert)),
      };
    }
    case "deleteOne": {
      const i = ACTIONS.deleteOne.parse(body);
      return { deletedCount: await store.deleteOne(i.database, i.collection, i.filter) };
    }
    case "deleteMany": {
      const i = ACTIONS.deleteMany.parse(body);
      return { deletedCount: await store.deleteMany(i.database, i.collection, i.filter) };
    }
    case "aggregate": {
      const i = ACTIONS.aggregate.parse(body);
      return { documents: await store.aggregate(i.database, i.collection, i.pipeline) };
    }
  }
}
